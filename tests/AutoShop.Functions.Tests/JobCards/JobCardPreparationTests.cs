using System.Net;
using System.Net.Http.Json;
using AutoShop.Functions.Booking;
using AutoShop.Functions.JobCards;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using AutoShop.Functions.Tests.Support;
using static AutoShop.Functions.Tests.JobCards.PreworkHarness;

namespace AutoShop.Functions.Tests.JobCards;

public sealed class JobCardPreparationTests
{
    private static readonly (string, string, int, int)[] PlentyOfStock =
    [
        ("queens-blvd", "OIL-5W30-QT", 50, 2), ("queens-blvd", "FLT-OIL-01", 10, 2), ("queens-blvd", "REFR-R1234YF", 10, 5),
    ];

    [Fact]
    public async Task Booking_drafts_a_job_card_with_the_booked_lines_technician_and_reserved_parts()
    {
        await using var h = await StartAsync(PlentyOfStock);

        var booked = await h.BookAsync("2026-12-01T08:00", "oil-change", "ac-recharge");
        var card = await h.JobCardAsync(booked.Id);

        Assert.Equal("ready", card.Status);
        Assert.Equal("ready", card.Readiness);
        Assert.Equal(["Oil and filter change", "A/C evacuate and recharge"], card.Labor.Select(l => l.Operation));
        Assert.Equal([30, 75], card.Labor.Select(l => l.EstimatedMinutes));
        Assert.Equal(["hvac"], card.Labor[1].RequiredSkills);
        Assert.Equal([("OIL-5W30-QT", 5), ("FLT-OIL-01", 1), ("REFR-R1234YF", 2)], card.Parts.Select(p => (p.Sku, p.Quantity)));
        Assert.All(card.Parts, p => Assert.Equal("reserved", p.Status));
        Assert.Equal(booked.TechnicianId, card.TechnicianId);
        Assert.Equal("sam-okafor", card.TechnicianId);
        Assert.Equal(booked.BayId, card.BayId);
        Assert.Equal(booked.Start.Utc, card.Start.Utc);
        Assert.Equal(2, (await h.StockAsync("REFR-R1234YF")).Reserved);
        Assert.Empty(booked.PartsWarnings!);
    }

    [Fact]
    public async Task Drafting_a_card_from_its_booking_reads_no_card_and_looks_up_no_reservations_a_new_card_cannot_hold()
    {
        var requests = new StorageRequests();
        await using var h = await StartAsync(PlentyOfStock, services: s => s.AddSingleton<HttpPipelinePolicy>(requests));

        var booked = await h.BookAsync("2026-12-01T08:00", "oil-change", "ac-recharge");
        // Watched through the probe's own client, so the wait adds no request of the app's.
        await Eventually.Until(async () => await h.Probe.Table(TableJobCardStore.TableName)
            .GetEntityIfExistsAsync<TableEntity>("queens-blvd", $"card|{booked.Id}", cancellationToken: TestContext.Current.CancellationToken),
            row => row.HasValue && row.Value!.GetString("Readiness") == "Ready", because: "the card's parts are checked");

        Assert.Equal([("FLT-OIL-01", 1), ("OIL-5W30-QT", 5), ("REFR-R1234YF", 2)], (await h.ReservationsAsync(booked.Id)).Order());
        Assert.True(0 == requests.Count("GET", $"/{TableJobCardStore.TableName}(", $"card|{booked.Id}"), requests.ToString());
        Assert.True(0 == requests.Count("GET", "$filter", $"resv|{booked.Id}|"), requests.ToString());
    }

    [Fact]
    public async Task A_reschedule_moves_the_card_and_a_late_older_event_does_not_move_it_back()
    {
        await using var h = await StartAsync(PlentyOfStock);
        var booked = await h.BookAsync("2026-12-01T09:30", "oil-change");
        await h.JobCardAsync(booked.Id);

        var moved = Rescheduled(booked, "2026-12-02T13:00:00", 30, "lena-kim", "lift-2");
        await h.EnqueueAsync(Event(moved, AppointmentCloudEvents.Updated, "rescheduled"));
        var card = await h.JobCardAsync(booked.Id, c => c.AppointmentVersion == 2);

        Assert.Equal("2026-12-02T18:00:00Z", card.Start.Utc);
        Assert.Equal("lena-kim", card.TechnicianId);
        Assert.Equal("lift-2", card.BayId);
        Assert.Equal("ready", card.Status);

        await h.EnqueueAsync(Event(booked, AppointmentCloudEvents.Created, "booked"));
        await Eventually.Until(async () => await h.Probe.CountAsync("jobcard-events"), n => n == 0, because: "the straggler is consumed");
        var after = await h.JobCardAsync(booked.Id);
        Assert.Equal("lena-kim", after.TechnicianId);
        Assert.Equal(card.Revision, after.Revision);
    }

    [Fact]
    public async Task Cancelling_voids_the_card_and_releases_its_reservations()
    {
        await using var h = await StartAsync(PlentyOfStock);
        var booked = await h.BookAsync("2026-12-01T08:00", "ac-recharge");
        await h.JobCardAsync(booked.Id, c => c.Status == "ready");
        Assert.Equal(2, (await h.StockAsync("REFR-R1234YF")).Reserved);

        using var cancel = await h.Staff.PostAsJsonAsync($"/api/appointments/{booked.Id}/cancel", new { reasonCode = "customer-request" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var card = await h.JobCardAsync(booked.Id, c => c.Status == "voided");

        Assert.All(card.Parts, p => Assert.Equal("released", p.Status));
        // The card and the stock are separate rows: the release lands right after the card says so.
        var stock = await Eventually.Until(() => h.StockAsync("REFR-R1234YF"), s => s.Reserved == 0, because: "the reservation is released");
        Assert.Equal(0, stock.Reserved);
        Assert.Equal(10, stock.Available);
        Assert.Empty(await h.ReservationsAsync(booked.Id));
    }

    [Fact]
    public async Task Duplicate_delivery_leaves_one_card_and_one_set_of_reservations()
    {
        await using var h = await StartAsync(PlentyOfStock);
        var booked = await h.BookAsync("2026-12-01T08:00", "oil-change", "ac-recharge");
        var first = await h.JobCardAsync(booked.Id, c => c.Status == "ready");

        var created = Event(booked, AppointmentCloudEvents.Created, "booked");
        await Task.WhenAll(h.EnqueueAsync(created), h.EnqueueAsync(created), h.EnqueueAsync(created));
        await Eventually.Until(async () => await h.Probe.CountAsync("jobcard-events"), n => n == 0, because: "the duplicates are consumed");
        var card = await h.JobCardAsync(booked.Id);

        Assert.Equal(first.Revision, card.Revision);
        Assert.Equal([$"{booked.Id}.v1"], card.AppliedEventIds);
        Assert.Equal(2, (await h.StockAsync("REFR-R1234YF")).Reserved);
        Assert.Equal(5, (await h.StockAsync("OIL-5W30-QT")).Reserved);
        Assert.Equal([("FLT-OIL-01", 1), ("OIL-5W30-QT", 5), ("REFR-R1234YF", 2)], (await h.ReservationsAsync(booked.Id)).OrderBy(r => r.Sku));
    }

    [Fact]
    public async Task Staff_edits_lines_with_a_reason_and_the_reservation_follows()
    {
        await using var h = await StartAsync(PlentyOfStock);
        var booked = await h.BookAsync("2026-12-01T08:00", "ac-recharge");
        var card = await h.JobCardAsync(booked.Id, c => c.Status == "ready");
        var ct = TestContext.Current.CancellationToken;

        using var noReason = await h.Staff.PatchAsJsonAsync($"/api/appointments/{booked.Id}/job-card/lines/{card.Parts[0].Id}", new { quantity = 3 }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);

        using var changed = await h.Staff.PatchAsJsonAsync($"/api/appointments/{booked.Id}/job-card/lines/{card.Parts[0].Id}",
            new { quantity = 3, reasonCode = "customer-request" }, ct);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        using var added = await h.Staff.PostAsJsonAsync($"/api/appointments/{booked.Id}/job-card/lines",
            new { kind = "labor", operation = "Leak test", estimatedMinutes = 20, requiredSkills = new[] { "hvac" }, reasonCode = "other" }, ct);
        var edited = (await added.Content.ReadFromJsonAsync<Functions.JobCards.JobCardDto>(Json, ct))!;

        Assert.Equal(3, (await h.StockAsync("REFR-R1234YF")).Reserved);
        Assert.Contains(edited.Labor, l => l.Operation == "Leak test" && l.Manual);
        var audit = new List<(string Action, string Reason, string Actor)>();
        await foreach (var row in h.Probe.Table("jobcards").QueryAsync<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == "queens-blvd", cancellationToken: ct))
            if (row.RowKey.StartsWith("audit|", StringComparison.Ordinal) && row.GetString("ActorKind") == "staff")
                audit.Add((row.GetString("Action"), row.GetString("ReasonCode"), row.GetString("ActorId")));
        Assert.Equal([("jobcard.line-changed", "customer-request", AutoShopApp.StaffId), ("jobcard.line-added", "other", AutoShopApp.StaffId)], audit);
    }

    [Fact]
    public async Task The_day_list_shows_each_card_with_its_readiness()
    {
        await using var h = await StartAsync([("queens-blvd", "REFR-R1234YF", 0, 2), ("queens-blvd", "OIL-5W30-QT", 50, 2), ("queens-blvd", "FLT-OIL-01", 10, 2)]);
        var ready = await h.BookAsync("2026-12-01T09:30", "oil-change");
        var shortCard = await h.BookAsync("2026-12-01T08:00", "ac-recharge");
        await h.JobCardAsync(ready.Id);
        await h.JobCardAsync(shortCard.Id);

        var day = await h.Staff.GetFromJsonAsync<Functions.JobCards.JobCardDayDto>("/api/shops/queens-blvd/job-cards?date=2026-12-01", Json, TestContext.Current.CancellationToken);

        Assert.Equal([(shortCard.Id, "short"), (ready.Id, "ready")], day!.JobCards.Select(c => (c.AppointmentId, c.Readiness)));
        Assert.Equal(["REFR-R1234YF"], day.JobCards[0].ShortParts);
    }
}
