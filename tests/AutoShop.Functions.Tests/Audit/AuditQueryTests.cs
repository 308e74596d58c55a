using System.Net;
using System.Net.Http.Json;
using AutoShop.Functions.Audit;
using AutoShop.Functions.Tests.Reporting;
using AutoShop.Functions.Tests.Support;

namespace AutoShop.Functions.Tests.Audit;

/// <summary>
/// Five changes around midnight in New York: Mon 23 Nov 23:50 books a and b; Tue 24 00:10 cancels a
/// (customer request), books c and cancels it (schedule conflict). Each is chained before the next
/// is made, so chain order is change order here (in general the ledger chains in arrival order).
/// </summary>
public sealed class AuditQueryTests : IAsyncLifetime
{
    private ShopScenario scenario = null!;
    private string a = "", b = "", c = "";

    public async ValueTask InitializeAsync()
    {
        scenario = await ShopScenario.StartAsync(new DateTimeOffset(2026, 11, 24, 4, 50, 0, TimeSpan.Zero));
        a = await scenario.BookAsync("2026-11-24T11:00");
        await scenario.WaitForLedgerAsync(1);
        b = await scenario.BookAsync("2026-11-25T11:00");
        await scenario.WaitForLedgerAsync(2);
        scenario.Clock.Advance(TimeSpan.FromMinutes(20));
        await scenario.ChangeAsync(a, "cancel", "customer-request");
        await scenario.WaitForLedgerAsync(3);
        c = await scenario.BookAsync("2026-11-27T11:00");
        await scenario.WaitForLedgerAsync(4);
        await scenario.ChangeAsync(c, "cancel", "schedule-conflict");
        await scenario.WaitForLedgerAsync(5);
    }

    public ValueTask DisposeAsync() => scenario.DisposeAsync();

    private async Task<AuditPageDto> GetAsync(string query) =>
        (await scenario.Staff.GetFromJsonAsync<AuditPageDto>("/api/audit?" + query, TestContext.Current.CancellationToken))!;

    /// <summary>Follows continuation tokens to the end (pages may be short).</summary>
    private async Task<List<AuditRecordDto>> AllAsync(string query)
    {
        var all = new List<AuditRecordDto>();
        string? next = null;
        for (var pages = 0; pages < 50; pages++)
        {
            var page = await GetAsync(query + (next is null ? "" : "&continuation=" + next));
            all.AddRange(page.Items);
            if ((next = page.Continuation) is null) return all;
        }
        throw new InvalidOperationException("no last page after 50 pages");
    }

    [Fact]
    public async Task Records_of_one_appointment_come_in_chain_order()
    {
        var records = await AllAsync($"appointmentId={a}");

        Assert.Equal(["created", "cancelled"], records.Select(r => r.Action));
        Assert.All(records, r => Assert.Equal(a, r.AppointmentId));
    }

    [Fact]
    public async Task A_shop_and_its_local_days_select_records_by_when_they_happened()
    {
        var tuesday = await AllAsync($"shopId={ShopScenario.NewYork}&from=2026-11-24&to=2026-11-24");

        var monday = await AllAsync($"shopId={ShopScenario.NewYork}&from=2026-11-23&to=2026-11-23");

        Assert.Equal([("cancelled", a), ("created", c), ("cancelled", c)], tuesday.Select(r => (r.Action, r.AppointmentId!)));
        Assert.Equal([a, b], monday.Select(r => r.AppointmentId!));
    }

    [Fact]
    public async Task Records_can_be_selected_by_actor_or_by_action()
    {
        var byStaff = await AllAsync($"actor=staff:{AutoShopApp.StaffId}");
        var byCustomer = await AllAsync("actor=jane@example.com");
        var cancelled = await AllAsync($"action=cancelled&shopId={ShopScenario.NewYork}");
        var booked = await AllAsync("action=booked"); // the booking aggregate's word for "created"

        Assert.Equal([a, c], byStaff.Select(r => r.AppointmentId!));
        Assert.Equal([a, b, c], byCustomer.Select(r => r.AppointmentId!));
        Assert.Equal(["customer-request", "schedule-conflict"], cancelled.Select(r => r.ReasonCode!));
        Assert.Equal(3, booked.Count);
    }

    [Fact]
    public async Task Small_pages_with_continuations_return_every_record_once()
    {
        var first = await GetAsync($"shopId={ShopScenario.NewYork}&limit=2");
        var all = await AllAsync($"shopId={ShopScenario.NewYork}&limit=2");

        Assert.True(first.Items.Count <= 2 && first.Continuation is not null);
        Assert.Equal([1L, 2L, 3L, 4L, 5L], all.Select(r => r.Sequence));
    }

    [Theory]
    [InlineData("", "query")]
    [InlineData("action=deleted", "action")]
    [InlineData("actor=robot:r2", "actor")]
    [InlineData("actor=staff:", "actor")]
    [InlineData("actor=staff:x&from=2026-11-24&to=2026-11-24", "from")]
    [InlineData("shopId=queens-blvd&from=2026-11-24", "to")]
    [InlineData("shopId=queens-blvd&limit=0", "limit")]
    [InlineData("shopId=queens-blvd&limit=lots", "limit")]
    [InlineData("shopId=queens-blvd&limit=", "limit")]
    [InlineData("shopId=queens-blvd&continuation=%21%21", "continuation")]
    [InlineData("appointmentId=20261124-abcdefghijkm-camelback&shopId=queens-blvd", "shopId")]
    public async Task A_query_that_cannot_be_answered_is_a_validation_problem_naming_the_field(string query, string field)
    {
        var response = await scenario.Staff.GetAsync("/api/audit?" + query, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>(TestContext.Current.CancellationToken);
        Assert.Contains(field, problem!.Errors.Keys);
    }

    [Fact]
    public async Task Queries_are_for_staff_only()
    {
        var response = await scenario.App.CreateClient().GetAsync($"/api/audit?appointmentId={a}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
