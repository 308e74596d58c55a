using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using AutoShop.Domain.Booking;
using AutoShop.Functions.Booking;
using AutoShop.Functions.Inventory;
using AutoShop.Functions.JobCards;
using AutoShop.Functions.Tests.Support;
using AutoShop.Testing.Mail;
using NodaTime;
using static AutoShop.Functions.Tests.JobCards.PreworkHarness;

namespace AutoShop.Functions.Tests.Inventory;

/// <summary>A procurement request keeps each linked job card in a row of its own, so it takes any number of cards.</summary>
public sealed class ProcurementLinksTests
{
    private const string Shop = "queens-blvd";
    private const string Part = "BAT-H6";
    private const int Cards = 2000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Sorted(params string[] ids) => string.Join(",", ids.Order(StringComparer.Ordinal));

    [Fact]
    public async Task Two_thousand_job_cards_short_of_one_part_are_all_checked_and_linked_to_one_request_and_no_event_is_poisoned()
    {
        // The parts desk gets one email per short card: a MailDev of its own keeps 2,000 of them out of the shared inbox.
        await using var mail = new MailDevServer();
        await mail.StartAsync(Ct);
        await using var h = await StartAsync([(Shop, Part, 0, 1)],
            new Dictionary<string, string?> { ["Email:SmtpPort"] = mail.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var template = await h.BookAsync("2026-12-01T09:30", "battery-replacement");
        await h.JobCardAsync(template.Id);

        // The other cards come from booking events put straight on the job cards' queue, as the fan-out would:
        // the schedule has room for a few dozen real bookings a day, and the parts check is what is under test.
        var date = new LocalDate(2026, 12, 1);
        var events = Enumerable.Range(0, Cards - 1)
            .Select(_ => Event(template with { Id = AppointmentLocator.NewId(ShopId.Parse(Shop), date).Value }, AppointmentCloudEvents.Created, "booked").ToJson())
            .ToList();
        var queue = h.Probe.Queue(PrepareJobCards.Queue);
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(events, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = Ct },
            async (body, ct) => await queue.SendMessageAsync(body, ct));
        var sent = watch.Elapsed;

        var (left, poisoned) = await Eventually.Until(
            async () => (await h.Probe.CountAsync(PrepareJobCards.Queue), await h.Probe.CountAsync(PrepareJobCards.Queue + "-poison")),
            n => n.Item1 == 0 || n.Item2 > 0, TimeSpan.FromMinutes(20), "every booking event handled (or one poisoned)");
        var drained = watch.Elapsed;

        Assert.Equal((0, 0), (left, poisoned));
        var cards = new List<(string Id, string Readiness, string? RequestId)>();
        await foreach (var row in h.Probe.Table(TableJobCardStore.TableName).QueryAsync<TableEntity>(
            e => e.PartitionKey == Shop && e.RowKey.CompareTo("card|") >= 0 && e.RowKey.CompareTo("card}") < 0, cancellationToken: Ct))
        {
            var supply = JsonDocument.Parse(row.GetString("Document")).RootElement.GetProperty("supply");
            cards.Add((row.RowKey["card|".Length..], row.GetString("Readiness"),
                supply.GetArrayLength() == 1 && supply[0].TryGetProperty("procurementRequestId", out var id) ? id.GetString() : null));
        }
        Assert.Equal(Cards, cards.Count);
        Assert.All(cards, c => Assert.Equal("Short", c.Readiness));
        var request = Assert.Single(await h.ProcurementAsync());
        Assert.All(cards, c => Assert.Equal(request.Id, c.RequestId));
        Assert.Equal(cards.Select(c => c.Id).Order(StringComparer.Ordinal), request.JobCards.Select(j => j.JobCardId));
        Assert.Equal((Cards, "open"), (request.Quantity, request.Status));
        var notices = await Eventually.Until(async () => (await mail.Client.ListEmailsAsync(Ct)).Where(m => m.Subject.StartsWith("Parts short:", StringComparison.Ordinal)).ToList(),
            // The notices go through their own queue, which drains behind the job cards' (2,000 emails; minutes on a loaded machine).
            m => m.Count >= Cards, TimeSpan.FromMinutes(5), "a shortage notice per card");
        Assert.Equal(Cards, notices.Select(m => m.Subject).Distinct().Count());
        TestContext.Current.TestOutputHelper?.WriteLine($"{Cards - 1} events queued in {sent.TotalSeconds:0.0} s, all handled after {drained.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task A_request_stored_with_its_links_inside_its_row_is_still_read_unlinked_from_and_linked_to()
    {
        await using var h = await StartAsync([(Shop, Part, 0, 1)]);
        var first = await h.BookAsync("2026-12-01T09:30", "battery-replacement");
        var request = (await h.JobCardAsync(first.Id)).PartsSupply.Single().ProcurementRequestId!;
        // Rewrite the request as the old code stored it: every link in a JSON property of its row, no link rows, no count.
        var table = h.Probe.Table(TableInventoryStore.TableName);
        var row = (await table.GetEntityAsync<TableEntity>(Shop, $"proc|{request}", cancellationToken: Ct)).Value;
        await table.UpdateEntityAsync(new TableEntity(Shop, row.RowKey)
        {
            ["Version"] = row.GetInt32("Version"), ["Sku"] = Part, ["Status"] = "Open", ["Quantity"] = 4,
            ["NeededBy"] = DateTimeOffset.Parse(first.Start.Utc, System.Globalization.CultureInfo.InvariantCulture),
            ["Needs"] = $$$"""{"{{{first.Id}}}":{"quantity":1,"neededBy":"{{{first.Start.Utc}}}"},"old-card-a":{"quantity":2,"neededBy":"2026-12-02T14:00:00+00:00"},"old-card-b":{"quantity":1,"neededBy":"2026-12-03T14:00:00+00:00"}}""",
            ["CreatedAt"] = row.GetDateTimeOffset("CreatedAt"), ["UpdatedAt"] = row.GetDateTimeOffset("UpdatedAt"),
        }, row.ETag, TableUpdateMode.Replace, Ct);
        await table.DeleteEntityAsync(Shop, $"proclink|{request}|{first.Id}", cancellationToken: Ct);

        var read = Assert.Single(await h.ProcurementAsync());
        Assert.Equal((Sorted(first.Id, "old-card-a", "old-card-b"), 4), (Sorted([.. read.JobCards.Select(j => j.JobCardId)]), read.Quantity));

        // The first card's appointment is cancelled: its card lets go of the part and leaves the request.
        using var cancelled = await h.Staff.PostAsJsonAsync($"/api/appointments/{first.Id}/cancel", new { reasonCode = "customer-request" }, Ct);
        Assert.True(cancelled.IsSuccessStatusCode);
        await Eventually.Until(async () => (await h.ProcurementAsync()).Single().JobCards.Count, n => n == 2, because: "the voided card is unlinked");
        var second = await h.BookAsync("2026-12-02T09:30", "battery-replacement");
        Assert.Equal(request, (await h.JobCardAsync(second.Id)).PartsSupply.Single().ProcurementRequestId);

        var after = Assert.Single(await h.ProcurementAsync());
        Assert.Equal((Sorted("old-card-a", "old-card-b", second.Id), 4, "open"), (Sorted([.. after.JobCards.Select(j => j.JobCardId)]), after.Quantity, after.Status));
        Assert.Equal("2026-12-02T14:00:00Z", after.NeededBy);
    }
}
