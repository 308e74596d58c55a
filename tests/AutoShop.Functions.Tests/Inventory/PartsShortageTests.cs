using System.Net;
using System.Net.Http.Json;
using AutoShop.Functions.Inventory;
using AutoShop.Functions.Tests.Support;
using static AutoShop.Functions.Tests.JobCards.PreworkHarness;

namespace AutoShop.Functions.Tests.Inventory;

public sealed class PartsShortageTests
{
    [Fact]
    public async Task Two_appointments_contest_the_last_refrigerant_exactly_one_gets_it_and_the_other_raises_procurement_and_mails_the_parts_desk()
    {
        await using var h = await StartAsync([("queens-blvd", "REFR-R1234YF", 2, 1)]);
        var first = await h.BookAsync("2026-12-01T08:00", "ac-recharge");
        var second = await h.BookAsync("2026-12-01T10:00", "ac-recharge");

        var cards = new[] { await h.JobCardAsync(first.Id), await h.JobCardAsync(second.Id) };

        Assert.Single(cards, c => c.Readiness == "ready");
        var loser = Assert.Single(cards, c => c.Readiness == "short");
        var supply = Assert.Single(loser.PartsSupply);
        Assert.Equal(("REFR-R1234YF", 0, "short", "out-of-stock"), (supply.Sku, supply.Reserved, supply.Status, supply.Shortage!.Reason));
        var stock = await h.StockAsync("REFR-R1234YF");
        Assert.Equal((2, 0), (stock.Reserved, stock.Available));
        var request = Assert.Single(await h.ProcurementAsync("open"));
        Assert.Equal(("REFR-R1234YF", 2, supply.ProcurementRequestId), (request.Sku, request.Quantity, request.Id));
        Assert.Equal([loser.AppointmentId], request.JobCards.Select(j => j.JobCardId));
        Assert.Equal(loser.Start.Utc, request.NeededBy);
        var mail = await TestStorage.Services.MailDev.Client.WaitForEmailsAsync(
            m => m.Subject.Contains(loser.AppointmentId, StringComparison.Ordinal), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("parts-desk@autoshop.local", Assert.Single(mail).To.Single().Address);
        Assert.Contains("REFR-R1234YF", mail[0].Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Booking_warnings_see_a_stock_change_within_ten_seconds_and_not_sooner()
    {
        await using var h = await StartAsync([("queens-blvd", "BAT-H6", 5, 14)]);
        var clock = h.App.Clock!;
        var ct = TestContext.Current.CancellationToken;

        var first = await h.BookAsync("2026-12-01T09:30", "battery-replacement");
        await h.JobCardAsync(first.Id); // its part is reserved
        // Count the shelf down to the unit the first card holds: none left for anyone else.
        using var counted = await h.Staff.PostAsJsonAsync("/api/shops/queens-blvd/inventory/BAT-H6/adjustments", new { delta = -4, reasonCode = "other" }, ct);
        var soon = await h.BookAsync("2026-12-01T11:00", "battery-replacement");
        clock.Advance(PartsOutlook.MaxAge);
        var later = await h.BookAsync("2026-12-01T14:00", "battery-replacement");

        Assert.Equal(HttpStatusCode.OK, counted.StatusCode);
        Assert.Empty(first.PartsWarnings!);
        Assert.Empty(soon.PartsWarnings!); // advice read up to ten seconds ago
        Assert.Equal(["BAT-H6"], later.PartsWarnings);
    }

    [Fact]
    public async Task A_part_whose_lead_time_ends_after_the_appointment_is_a_lead_time_shortage()
    {
        await using var h = await StartAsync([("queens-blvd", "BAT-H6", 0, 14)]);

        var booked = await h.BookAsync("2026-12-01T09:30", "battery-replacement");
        var card = await h.JobCardAsync(booked.Id);

        var supply = Assert.Single(card.PartsSupply);
        Assert.Equal(("short", "lead-time"), (supply.Status, supply.Shortage!.Reason));
        Assert.Equal("2026-12-14T12:00:00Z", supply.Shortage.ExpectedArrival.Utc);
        Assert.Equal(["BAT-H6"], booked.PartsWarnings);
        var request = Assert.Single(await h.ProcurementAsync());
        Assert.Equal((1, booked.Start.Utc), (request.Quantity, request.NeededBy));
    }

    [Fact]
    public async Task Receiving_stock_covers_the_earliest_appointment_first()
    {
        await using var h = await StartAsync([("queens-blvd", "BAT-H6", 0, 1)]);
        var later = await h.BookAsync("2026-12-03T09:30", "battery-replacement");
        var earlier = await h.BookAsync("2026-12-02T09:30", "battery-replacement");
        await h.JobCardAsync(later.Id);
        await h.JobCardAsync(earlier.Id);
        var request = Assert.Single(await h.ProcurementAsync());
        Assert.Equal(2, request.Quantity);
        var ct = TestContext.Current.CancellationToken;

        using var ordered = await h.Staff.PostAsJsonAsync($"/api/shops/queens-blvd/procurement-requests/{request.Id}/status",
            new { status = "ordered", reasonCode = "parts-unavailable" }, ct);
        Assert.Equal(HttpStatusCode.OK, ordered.StatusCode);
        Assert.Equal("on-order", (await h.JobCardAsync(later.Id)).Readiness);

        using var received = await h.Staff.PostAsJsonAsync("/api/shops/queens-blvd/inventory/BAT-H6/receipts", new { quantity = 1 }, ct);
        var receipt = (await received.Content.ReadFromJsonAsync<StockReceiptDto>(Json, ct))!;

        Assert.Equal([earlier.Id], receipt.JobCardsCovered);
        Assert.Equal("ready", (await h.JobCardAsync(earlier.Id)).Readiness);
        Assert.Equal("on-order", (await h.JobCardAsync(later.Id)).Readiness);
        Assert.Equal((1, 1, 0), (receipt.Stock.OnHand, receipt.Stock.Reserved, receipt.Stock.Available));
        var audit = new List<string>();
        await foreach (var row in h.Probe.Table("inventory").QueryAsync<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == "queens-blvd", cancellationToken: ct))
            if (row.RowKey.StartsWith("audit|", StringComparison.Ordinal)) audit.Add($"{row.GetString("Action")} {row.GetString("ReasonCode")}");
        Assert.Equal(["procurement.ordered parts-unavailable", "stock.received "], audit);
    }

    [Fact]
    public async Task Stock_adjustments_need_a_reason_never_go_below_reservations_and_are_audited()
    {
        await using var h = await StartAsync([("queens-blvd", "REFR-R1234YF", 2, 2)]);
        var booked = await h.BookAsync("2026-12-01T08:00", "ac-recharge");
        await h.JobCardAsync(booked.Id, c => c.Status == "ready");
        var ct = TestContext.Current.CancellationToken;

        using var noReason = await h.Staff.PostAsJsonAsync("/api/shops/queens-blvd/inventory/REFR-R1234YF/adjustments", new { delta = 3 }, ct);
        using var belowReserved = await h.Staff.PostAsJsonAsync("/api/shops/queens-blvd/inventory/REFR-R1234YF/adjustments", new { delta = -1, reasonCode = "other" }, ct);
        using var found = await h.Staff.PostAsJsonAsync("/api/shops/queens-blvd/inventory/REFR-R1234YF/adjustments", new { delta = 3, reasonCode = "other" }, ct);

        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, belowReserved.StatusCode);
        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        Assert.Equal((5, 2, 3), ((await h.StockAsync("REFR-R1234YF")).OnHand, (await h.StockAsync("REFR-R1234YF")).Reserved, (await h.StockAsync("REFR-R1234YF")).Available));
        var audit = new List<string>();
        await foreach (var row in h.Probe.Table("inventory").QueryAsync<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == "queens-blvd", cancellationToken: ct))
            if (row.RowKey.StartsWith("audit|", StringComparison.Ordinal)) audit.Add($"{row.GetString("Action")} {row.GetString("ReasonCode")} {row.GetString("After")}");
        Assert.Equal(["stock.adjusted other onHand=5 reserved=2"], audit);
    }

    [Fact]
    public async Task Availability_can_prefer_slots_after_short_parts_arrive()
    {
        await using var h = await StartAsync([("queens-blvd", "BAT-H6", 0, 3)]);

        var plain = await h.Staff.GetFromJsonAsync<AutoShop.Functions.Booking.AvailabilityFunctions.AvailabilityResponse>(
            "/api/shops/queens-blvd/availability?services=battery-replacement&from=2026-12-01&to=2026-12-08", Json, TestContext.Current.CancellationToken);
        var preferred = await h.Staff.GetFromJsonAsync<AutoShop.Functions.Booking.AvailabilityFunctions.AvailabilityResponse>(
            "/api/shops/queens-blvd/availability?services=battery-replacement&from=2026-12-01&to=2026-12-08&preferAfterParts=true", Json, TestContext.Current.CancellationToken);

        Assert.True(string.CompareOrdinal(plain!.Slots[0].Start.Utc, "2026-12-03T12:00:00Z") < 0);
        Assert.Equal("2026-12-03T12:00:00Z", preferred!.PartsReadyAt!.Utc);
        Assert.True(string.CompareOrdinal(preferred.Slots[0].Start.Utc, "2026-12-03T12:00:00Z") >= 0);
        Assert.Equal(plain.Slots.Count, preferred.Slots.Count);
    }
}
