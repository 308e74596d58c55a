using System.Net;
using System.Text;
using System.Text.Json;

namespace AutoShop.Functions.Tests.Booking;

/// <summary>
/// Booking and staff changes read their JSON bodies as when minimal APIs bound them: no body where one is
/// required is 400 naming <c>body</c> and writes nothing; a JSON <c>null</c> where the body is optional is
/// the same as no body.
/// </summary>
public sealed class BookingBodyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("no content", null)]
    [InlineData("empty JSON", "")]
    [InlineData("JSON null", "null")]
    public async Task A_booking_or_staff_move_without_a_body_is_400_naming_body_and_writes_nothing(string kind, string? body)
    {
        await using var shop = await BookingHarness.StartAsync();
        var booked = (await shop.BookOkAsync(BookingRequests.Valid("2026-11-25T09:00"))).GetProperty("id").GetString();
        var rowsBefore = (await shop.ScheduleRowsAsync()).Count;
        using var staff = shop.App.CreateStaffClient();

        using var book = await staff.SendAsync(Post("/api/appointments", body), Ct);
        using var move = await staff.SendAsync(Post($"/api/appointments/{booked}/reschedule", body), Ct);

        foreach (var response in new[] { book, move })
        {
            var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty("body", out var errors), $"{kind}: {problem}");
            Assert.Equal(["is required: send a JSON object."], errors.EnumerateArray().Select(e => e.GetString()));
        }
        Assert.Equal(rowsBefore, (await shop.ScheduleRowsAsync()).Count);
    }

    [Fact]
    public async Task A_staff_transition_with_a_JSON_null_body_is_applied_as_one_without_a_body()
    {
        await using var shop = await BookingHarness.StartAsync();
        var booked = (await shop.BookOkAsync(BookingRequests.Valid("2026-11-25T09:00"))).GetProperty("id").GetString();
        using var staff = shop.App.CreateStaffClient();

        using var response = await staff.SendAsync(Post($"/api/appointments/{booked}/check-in", "null"), Ct);

        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("checked-in", JsonDocument.Parse(text).RootElement.GetProperty("status").GetString());
    }

    private static HttpRequestMessage Post(string url, string? json) => new(HttpMethod.Post, url)
    {
        Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"),
    };

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
