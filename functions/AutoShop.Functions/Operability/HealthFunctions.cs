using System.Globalization;
using AutoShop.Functions.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace AutoShop.Functions.Operability;

/// <summary>Whether the app is up and can reach storage: what a load balancer or an operator asks first.</summary>
[Tags("Operations")]
public sealed class HealthFunctions(StorageClients storage, IOptions<StorageResilienceOptions> options)
{
    public sealed record HealthReport(string Status, IReadOnlyDictionary<string, string> Checks);

    [Function("Health")]
    [AnswersBeforeStorageIsReady]
    [EndpointSummary("Checks that the app is up and can reach each storage service (table, queue, blob)")]
    [EndpointDescription("The three services are probed at once, each once and for at most `Storage__HealthTimeout` (1 s by default). 503 problem details with `Retry-After` name the services that failed.")]
    public async Task<Results<Ok<HealthReport>, ProblemHttpResult>> Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/health")] HttpRequest req)
    {
        // The request's token, which its budget cancels; a probe is bounded by the shorter health timeout on top.
        var ct = req.HttpContext.RequestAborted;
        var timeout = options.Value.HealthTimeout;
        // At once, not one after another: a paused emulator must not cost three timeouts.
        var probes = await Task.WhenAll(
            ProbeAsync("table", token => FirstTablePageAsync(storage.Probes.Tables, token), timeout, ct),
            ProbeAsync("queue", token => storage.Probes.Queues.GetPropertiesAsync(token), timeout, ct),
            ProbeAsync("blob", token => storage.Probes.Blobs.GetPropertiesAsync(token), timeout, ct));
        var checks = probes.ToDictionary(p => p.Service, p => p.Result);
        var failing = probes.Where(p => p.Result != "ok").Select(p => p.Service).ToList();
        if (failing.Count == 0) return TypedResults.Ok(new HealthReport("healthy", checks));
        req.HttpContext.Response.Headers.RetryAfter = StorageUnavailableAnswer.RetryAfterSeconds(options.Value.RetryAfter);
        return TypedResults.Problem(
            title: StorageUnavailableAnswer.Title,
            detail: $"Not answering: {string.Join(", ", failing)} storage.",
            statusCode: StatusCodes.Status503ServiceUnavailable,
            extensions: new Dictionary<string, object?> { ["checks"] = checks, ["failing"] = failing });
    }

    private static async Task<(string Service, string Result)> ProbeAsync(string service, Func<CancellationToken, Task> probe, TimeSpan timeout, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            // WaitAsync as well: the answer must not depend on the SDK noticing the cancellation.
            await probe(limit.Token).WaitAsync(limit.Token);
            return (service, "ok");
        }
        // The probe clients' own network timeout ends a hung attempt too (as a cancellation of their own).
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return (service, string.Create(CultureInfo.InvariantCulture, $"no answer within {timeout.TotalSeconds:0.##} s"));
        }
        catch (Exception ex) when (StorageFaults.IsUnavailable(ex) || ex is Azure.RequestFailedException or HttpRequestException)
        {
            // No exception text: this endpoint is anonymous and the message names internal hosts.
            return (service, ex is Azure.RequestFailedException { Status: > 0 } failed
                ? string.Create(CultureInfo.InvariantCulture, $"unreachable: status {failed.Status}")
                : "unreachable: the connection failed");
        }
    }

    private static async Task FirstTablePageAsync(Azure.Data.Tables.TableServiceClient tables, CancellationToken ct)
    {
        await foreach (var _ in tables.QueryAsync(maxPerPage: 1, cancellationToken: ct).AsPages()) return;
    }
}
