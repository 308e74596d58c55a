using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AutoShop.Functions.Approvals;

namespace AutoShop.Functions.Tests.SelfService;

/// <summary>Staff read the exception queue by API: a shop's requests filtered by status and age, and one request by id.</summary>
public sealed class ApprovalQueueTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<List<string>> IdsAsync(HttpClient staff, string query) =>
        [.. (await staff.GetFromJsonAsync<List<ApprovalDto>>("/api/approvals?" + query, Ct))!.Select(r => r.Id)];

    [Fact]
    public async Task Staff_list_a_shops_requests_by_status_and_age_and_read_one_by_id()
    {
        await using var s = await ExceptionScenario.StartAsync();
        var (appointmentId, token) = await s.BookAsync("2026-12-01T09:00", "ana@example.com");
        s.ToMondayEvening();
        var request = await s.RequestAsync(token);
        s.Clock.Advance(TimeSpan.FromHours(2));
        using var staff = s.App.CreateStaffClient();

        Assert.Equal([request.Id], await IdsAsync(staff, "shopId=queens-blvd"));
        Assert.Equal([request.Id], await IdsAsync(staff, "shopId=queens-blvd&status=Pending&minAgeHours=2"));
        Assert.Equal([request.Id], await IdsAsync(staff, "shopId=queens-blvd&minAgeHours=%202"));
        Assert.Empty(await IdsAsync(staff, "shopId=queens-blvd&status=approved"));
        Assert.Empty(await IdsAsync(staff, "shopId=queens-blvd&minAgeHours=3"));
        var one = (await staff.GetFromJsonAsync<ApprovalDto>($"/api/approvals/{request.Id}", Ct))!;
        Assert.Equal((request.Id, appointmentId, "pending", "2026-12-01T11:00"), (one.Id, one.AppointmentId, one.Status, one.NewStart));
    }

    [Theory]
    [InlineData("shopId=queens-blvd&status=maybe", "status", "must be pending, approved, denied, expired or withdrawn.")]
    [InlineData("shopId=queens-blvd&minAgeHours=soon", "minAgeHours", "must be a whole number.")]
    [InlineData("shopId=queens-blvd&minAgeHours=", "minAgeHours", "must be a whole number.")]
    [InlineData("shopId=queens-blvd&minAgeHours=-1", "minAgeHours", "must be between 0 and 8784.")]
    public async Task A_queue_query_staff_cannot_mean_is_400_naming_the_parameter(string query, string field, string message)
    {
        await using var s = await ExceptionScenario.StartAsync();
        using var staff = s.App.CreateStaffClient();

        using var response = await staff.GetAsync("/api/approvals?" + query, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.Equal([message], errors.GetProperty(field).EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task An_unknown_shop_or_request_is_404_and_the_queue_is_for_staff_only()
    {
        await using var s = await ExceptionScenario.StartAsync();
        using var staff = s.App.CreateStaffClient();
        using var anonymous = s.App.CreateClient();

        using var noShop = await staff.GetAsync("/api/approvals?shopId=nowhere", Ct);
        using var noRequest = await staff.GetAsync("/api/approvals/no-such-request", Ct);
        using var list = await anonymous.GetAsync("/api/approvals?shopId=queens-blvd", Ct);
        using var get = await anonymous.GetAsync("/api/approvals/no-such-request", Ct);

        Assert.Equal(HttpStatusCode.NotFound, noShop.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noRequest.StatusCode);
        Assert.Equal("Request not found", (await noRequest.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, get.StatusCode);
    }
}
