using System.Collections.Concurrent;
using System.Diagnostics;

namespace AutoShop.Functions.Tests.HostileInput;

/// <summary>
/// Every operation the app maps gets the whole hostile corpus, in Development (what the run command
/// uses) and Production. No input may answer 5xx, and every refusal carries a body that says why.
/// </summary>
public sealed class HostileInputTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task No_operation_answers_hostile_input_with_a_server_error(string environment)
    {
        await using var scenario = await HostileScenario.StartAsync(environment);
        var operations = AppOperations.Of(scenario.App.Services);
        Assert.Contains(operations, o => o.ToString() == "POST /api/appointments");
        Assert.Contains(operations, o => o.ToString() == "POST /api/manage/{token}/cancel");

        var requests = operations.SelectMany(o => RequestsFor(o, scenario)).ToList();
        var failures = new ConcurrentBag<string>();
        using var client = scenario.CreateClient();
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = Ct }, async (made, ct) =>
        {
            using var request = made.Create();
            HttpResponseMessage response;
            string body;
            try
            {
                response = await client.SendAsync(request, ct);
                body = await response.Content.ReadAsStringAsync(ct);
            }
            catch (HttpRequestException ex)
            {
                // The test server aborts a response whose handler threw after the first byte went out.
                failures.Add($"{made.Operation} [{made.Case}] aborted the response: {ex.InnerException?.InnerException?.Message ?? ex.Message}");
                return;
            }
            using var _ = response;
            var status = (int)response.StatusCode;
            if (status >= 500)
                failures.Add($"{made.Operation} [{made.Case}] answered {status}: {Excerpt(body)}");
            else if (status >= 400 && request.Method != HttpMethod.Head && request.RequestUri!.OriginalString.StartsWith("/api/", StringComparison.Ordinal)
                && !Explains(response, body))
                failures.Add($"{made.Operation} [{made.Case}] answered {status} without a problem or page: {response.Content.Headers.ContentType} {Excerpt(body)}");
        });

        TestContext.Current.SendDiagnosticMessage($"{environment}: {requests.Count} requests to {operations.Count} operations in {watch.Elapsed.TotalSeconds:0.0} s");
        Assert.True(failures.IsEmpty, $"{failures.Count} of {requests.Count} hostile requests were mishandled:\n" + string.Join("\n", failures.Order().Take(60)));
    }

    private static bool Explains(HttpResponseMessage response, string body) =>
        body.Length > 0 && response.Content.Headers.ContentType?.MediaType is "application/problem+json" or "text/html";

    private static string Excerpt(string body) => body.Length > 300 ? body[..300] + "…" : body;

    private sealed record MadeRequest(AppOperation Operation, string Case, Func<HttpRequestMessage> Create);

    private static IEnumerable<MadeRequest> RequestsFor(AppOperation operation, HostileScenario scenario)
    {
        var path = operation.Path(name => scenario.RouteValue(operation, name));
        var method = new HttpMethod(operation.Method);
        var plausibleQuery = operation.QueryNames.Count == 0 ? ""
            : "?" + string.Join("&", operation.QueryNames.Select(n => $"{Uri.EscapeDataString(n)}={Uri.EscapeDataString(HostileScenario.QueryValue(n))}"));
        if (operation.TakesBody)
        {
            foreach (var body in HostileRequests.Bodies)
                yield return new(operation, body.Name, () => new HttpRequestMessage(method, path + plausibleQuery) { Content = body.ToContent() });
        }
        foreach (var query in HostileRequests.Queries.Where(_ => operation.QueryNames.Count > 0))
            yield return new(operation, "query " + query.Name, () => new HttpRequestMessage(method, path + "?" + HostileRequests.QueryString(operation.QueryNames, query.EncodedValue)));
        foreach (var (name, value) in HostileRequests.RouteValues.Where(_ => operation.Route.Parameters.Count > 0))
            yield return new(operation, "route " + name, () => new HttpRequestMessage(method, operation.Path(_ => value) + plausibleQuery));
        foreach (var headers in HostileRequests.Headers)
        {
            yield return new(operation, headers.Name, () =>
            {
                var request = new HttpRequestMessage(method, path + plausibleQuery);
                if (operation.TakesBody) request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
                HostileRequests.AddHeaders(request, headers.Headers);
                return request;
            });
        }
    }
}
