using System.Net.Http.Json;
using AutoShop.Functions.Audit;
using AutoShop.Functions.Events;
using AutoShop.Functions.Tests.Reporting;
using AutoShop.Functions.Tests.Support;

namespace AutoShop.Functions.Tests.Audit;

/// <summary>Schedule changes reach the ledger through the fan-out (the <c>audit-events</c> subscriber).</summary>
public sealed class ScheduleChangesLedgerTests : IAsyncLifetime
{
    private const string CopiesQueue = "test-event-copies";
    private ShopScenario scenario = null!;

    public async ValueTask InitializeAsync() =>
        scenario = await ShopScenario.StartAsync(new DateTimeOffset(2026, 11, 23, 14, 0, 0, TimeSpan.Zero), // Mon 09:00 in New York
            services: s => s.AddEventSubscription(CopiesQueue));

    public ValueTask DisposeAsync() => scenario.DisposeAsync();

    private async Task<List<AuditRecordDto>> RecordsOfAsync(string appointmentId) =>
        [.. (await scenario.Staff.GetFromJsonAsync<AuditPageDto>($"/api/audit?appointmentId={appointmentId}", TestContext.Current.CancellationToken))!.Items];

    [Fact]
    public async Task Booking_and_a_staff_cancellation_are_chained_with_the_fields_of_their_schedule_audit_rows()
    {
        var id = await scenario.BookAsync("2026-11-24T09:30");
        scenario.Clock.Advance(TimeSpan.FromHours(2));
        await scenario.ChangeAsync(id, "cancel", "customer-request");

        await scenario.WaitForLedgerAsync(2);

        var records = await RecordsOfAsync(id);
        Assert.Equal([("created", "customer", "jane@example.com", null), ("cancelled", "staff", AutoShopApp.StaffId, "customer-request")],
            records.Select(r => (r.Action, r.ActorKind, r.ActorId, r.ReasonCode)));
        var cancelled = records[1];
        Assert.Equal(("2026-11-23T16:00:00.0000000Z", "2026-11-23T11:00:00.0000000-05:00", "America/New_York"), (cancelled.AtUtc, cancelled.AtLocal, cancelled.TimeZone));
        Assert.StartsWith("status=booked;", cancelled.Before);
        Assert.StartsWith("status=cancelled;", cancelled.After);
        Assert.Equal($"schedule:{id}.v2", cancelled.SourceKey);
        Assert.False(string.IsNullOrEmpty(cancelled.CorrelationId));
        Assert.Equal([1L, 2L], records.Select(r => r.Sequence));
    }

    [Fact]
    public async Task A_redelivered_appointment_event_is_not_chained_twice()
    {
        await scenario.BookAsync("2026-11-24T10:00");
        await scenario.WaitForLedgerAsync(1);
        var copy = await Eventually.Until(() => scenario.Probe.PeekAllAsync(CopiesQueue), m => m.Count == 1);

        await scenario.Probe.Queue(ChainAppointmentAudit.Queue).SendMessageAsync(copy.Single(), TestContext.Current.CancellationToken);

        await Eventually.Until(() => scenario.Probe.CountAsync(ChainAppointmentAudit.Queue), n => n == 0, because: "the redelivery handled");
        Assert.Empty(await scenario.Probe.PeekAllAsync(ChainAppointmentAudit.Queue + "-poison"));
        var verified = await scenario.Staff.GetFromJsonAsync<AuditVerificationDto>($"/api/shops/{ShopScenario.NewYork}/audit/verify", TestContext.Current.CancellationToken);
        Assert.Equal((1L, true), (verified!.HeadSequence, verified.Intact));
    }
}
