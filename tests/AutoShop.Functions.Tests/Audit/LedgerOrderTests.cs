using System.Net.Http.Json;
using AutoShop.Functions.Audit;
using AutoShop.Functions.Events;
using AutoShop.Functions.Hosting.Catalog;
using AutoShop.Functions.Tests.Reporting;
using AutoShop.Functions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AutoShop.Functions.Tests.Audit;

/// <summary>
/// Events of one appointment may be handled out of order; the ledger still reads in change order.
/// The chaining function is switched off so the test hands it the events itself, the later one first.
/// </summary>
public sealed class LedgerOrderTests : IAsyncLifetime
{
    private const string CopiesQueue = "test-order-copies";
    private ShopScenario scenario = null!;

    public async ValueTask InitializeAsync() =>
        scenario = await ShopScenario.StartAsync(new DateTimeOffset(2026, 11, 23, 14, 0, 0, TimeSpan.Zero),
            configure: app => app.Settings[$"AzureWebJobs.{ChainAppointmentAudit.Name}.Disabled"] = "true",
            services: s => s.AddEventSubscription(CopiesQueue));

    public ValueTask DisposeAsync() => scenario.DisposeAsync();

    [Fact]
    public async Task A_cancellation_handled_before_its_booking_is_still_chained_after_it()
    {
        var id = await scenario.BookAsync("2026-11-24T09:30");
        scenario.Clock.Advance(TimeSpan.FromHours(2));
        await scenario.ChangeAsync(id, "cancel", "customer-request");
        var events = await Eventually.Until(() => scenario.Probe.PeekAllAsync(CopiesQueue), m => m.Count == 2, because: "both events fanned out");
        var chain = ActivatorUtilities.CreateInstance<ChainAppointmentAudit>(scenario.App.Services);

        foreach (var text in events.OrderByDescending(e => CloudEvent.Parse(e).Id, StringComparer.Ordinal)) // v2 before v1
            await chain.RunAsync(text, TestContext.Current.CancellationToken);

        var page = await scenario.Staff.GetFromJsonAsync<AuditPageDto>($"/api/audit?appointmentId={id}", TestContext.Current.CancellationToken);
        Assert.Equal(["created", "cancelled"], page!.Items.Select(r => r.Action));
    }
}
