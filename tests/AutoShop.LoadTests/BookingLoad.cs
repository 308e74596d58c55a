using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace AutoShop.LoadTests;

public sealed record BookingLoadResult(TimeSpan Elapsed, int Created, int Conflicts, IReadOnlyDictionary<int, int> Others,
    int Failures, Latencies Latency, IReadOnlyList<string> Samples, IReadOnlyList<string> CreatedIds)
{
    public int Requests => Created + Conflicts + Others.Values.Sum() + Failures;

    public double CreatedPerSecond => Created / Elapsed.TotalSeconds;

    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;
}

/// <summary>
/// Concurrent customers booking random slots through <c>POST /api/appointments</c>; with
/// <c>--take-alternatives</c> a refused customer books the first alternative the 409 offers.
/// </summary>
public static class BookingLoad
{
    public static async Task<BookingLoadResult> RunAsync(HttpClient client, SlotPicker slots, LoadOptions options, CancellationToken ct)
    {
        var randoms = Enumerable.Range(0, options.Clients).Select(w => new Random(options.Seed + w)).ToArray();
        var latency = new Latencies();
        var created = 0;
        var conflicts = 0;
        var failures = 0;
        var others = new ConcurrentDictionary<int, int>();
        var samples = new ConcurrentQueue<string>();
        var ids = new ConcurrentBag<string>();

        var elapsed = await ClosedLoop.RunAsync(options.Clients, options.Duration, options.MaxRequests, async w =>
        {
            var (shop, service, start) = slots.Next(randoms[w]);
            var alternative = await BookAsync(shop, service, start, randoms[w]);
            // A customer refused a slot takes the nearest one the 409 offers instead (once).
            if (options.TakeAlternatives && alternative is { } offered) await BookAsync(shop, service, offered, randoms[w]);
        }, ct);

        return new BookingLoadResult(elapsed, created, conflicts, others, failures, latency, [.. samples], [.. ids]);

        // The answer's first offered alternative (shop-local yyyy-MM-ddTHH:mm) when the slot was taken.
        async Task<string?> BookAsync(string shop, string service, string start, Random random)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/appointments")
            {
                Content = new StringContent(Body(shop, service, start, random).ToJsonString(), Encoding.UTF8, "application/json"),
            };
            if (options.IdempotencyKeys) request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("n"));
            var watch = Stopwatch.StartNew();
            try
            {
                using var response = await client.SendAsync(request, ct);
                var text = await response.Content.ReadAsStringAsync(ct);
                latency.Add(watch.Elapsed);
                switch (response.StatusCode)
                {
                    case HttpStatusCode.Created:
                        Interlocked.Increment(ref created);
                        ids.Add(JsonNode.Parse(text)!["id"]!.GetValue<string>());
                        return null;
                    case HttpStatusCode.Conflict:
                        Interlocked.Increment(ref conflicts);
                        return JsonNode.Parse(text)?["alternatives"]?.AsArray().FirstOrDefault()?["start"]?["local"]?.GetValue<string>()[..16];
                    default:
                        others.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                        if (samples.Count < 5) samples.Enqueue($"{(int)response.StatusCode} for {shop} {service} {start}: {text}");
                        return null;
                }
            }
            catch (HttpRequestException ex)
            {
                Interlocked.Increment(ref failures);
                if (samples.Count < 5) samples.Enqueue($"{shop} {service} {start}: {ex.Message}");
                return null;
            }
        }
    }

    private static JsonObject Body(string shop, string service, string start, Random random)
    {
        var n = random.Next(1_000_000);
        return new JsonObject
        {
            ["shopId"] = shop,
            ["customer"] = new JsonObject
            {
                ["name"] = $"Load Customer {n}",
                ["email"] = $"load.customer.{n}@example.com",
                ["phone"] = "(212) 555-0123",
                ["emailOptIn"] = true,
                ["smsOptIn"] = true,
                ["preferredChannels"] = new JsonArray("email"),
                ["language"] = "en",
            },
            ["vehicle"] = new JsonObject { ["vin"] = "1M8GDM9AXKP042788", ["plate"] = $"LD-{n % 10000:D4}", ["make"] = "Honda", ["model"] = "Civic", ["year"] = 2019, ["mileage"] = 48200 },
            ["services"] = new JsonArray(service),
            ["start"] = start,
            ["notes"] = "Booked by the load tool.",
            ["source"] = "web",
        };
    }
}
