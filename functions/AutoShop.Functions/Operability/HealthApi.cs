using AutoShop.Functions.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AutoShop.Functions.Operability;

public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/health", GetHealth)
            .WithName("Health")
            .WithSummary("Checks that the app is up and can reach its storage account")
            .WithTags("Operations");
        return app;
    }

    public sealed record HealthReport(string Status, IReadOnlyDictionary<string, string> Checks);

    public static async Task<Results<Ok<HealthReport>, ProblemHttpResult>> GetHealth(StorageClients storage, CancellationToken ct)
    {
        var checks = new Dictionary<string, string>();
        var healthy = true;
        foreach (var (name, probe) in new (string, Func<Task>)[]
        {
            ("tables", () => FirstTablePageAsync(storage, ct)),
            ("queues", () => storage.Queues.GetPropertiesAsync(ct)),
            ("blobs", () => storage.Blobs.GetPropertiesAsync(ct)),
        })
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                await probe().WaitAsync(timeout.Token);
                checks[name] = "ok";
            }
            catch (Exception ex) when (ex is Azure.RequestFailedException or HttpRequestException or OperationCanceledException or AggregateException)
            {
                healthy = false;
                checks[name] = "unreachable: " + ex.GetType().Name;
            }
        }
        return healthy
            ? TypedResults.Ok(new HealthReport("healthy", checks))
            : TypedResults.Problem(title: "Storage is unreachable", statusCode: StatusCodes.Status503ServiceUnavailable,
                extensions: new Dictionary<string, object?> { ["checks"] = checks });
    }

    private static async Task FirstTablePageAsync(StorageClients storage, CancellationToken ct)
    {
        await foreach (var _ in storage.Tables.QueryAsync(maxPerPage: 1, cancellationToken: ct).AsPages()) return;
    }
}
