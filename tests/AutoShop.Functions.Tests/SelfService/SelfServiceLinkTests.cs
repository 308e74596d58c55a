using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AutoShop.Domain.Booking;
using AutoShop.Functions.Links;
using AutoShop.Functions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AutoShop.Functions.Tests.SelfService;

/// <summary>The signed manage link: what it shows, what it lets a customer do, and what it refuses.</summary>
public sealed class SelfServiceLinkTests : IAsyncLifetime
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
    private AutoShopApp app = null!;
    private string id = "";
    private string token = "";

    public async ValueTask InitializeAsync()
    {
        app = new AutoShopApp(TestStorage.NewAccount()) { Clock = clock, TriggersOff = true };
        app.Settings["Links:TokenRequestsPerMinute"] = "1000";
        await BookingScenario.SeedAsync(app);
        id = (await BookingScenario.BookAsync(app, "2026-12-01T09:00")).GetProperty("id").GetString()!;
        token = await BookingScenario.ManageTokenAsync(app, id);
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_manage_page_shows_the_appointment_with_headers_that_keep_the_link_private()
    {
        var response = await app.CreateClient().GetAsync($"/api/manage/{token}", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("Tuesday, December 1, 2026 at 9:00 AM", html);
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("method=\"post\"", html);
    }

    [Fact]
    public async Task Fetching_the_link_three_times_with_get_and_head_changes_nothing()
    {
        var client = app.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/manage/{token}", Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/api/manage/{token}"), Ct)).StatusCode);
        }

        var appointment = await BookingScenario.LoadAsync(app, id);
        Assert.Equal(1, appointment.Version);
        Assert.Equal(AppointmentStatus.Booked, appointment.Status);
    }

    [Fact]
    public async Task A_customer_moves_the_appointment_to_another_day_and_the_same_link_follows_it()
    {
        var response = await app.CreateClient().PostAsJsonAsync($"/api/self-service/{token}/reschedule", new { start = "2026-12-02T10:00", version = 1 }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var moved = await BookingScenario.LoadAsync(app, id);
        Assert.Equal(2, moved.Version);
        Assert.Equal(1, moved.RescheduleCount);
        Assert.Equal("2026-12-02T10:00:00-05:00", (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("start").GetProperty("local").GetString());
        var view = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/self-service/{token}", Ct);
        Assert.Equal("2026-12-02T10:00:00-05:00", view.GetProperty("appointment").GetProperty("start").GetProperty("local").GetString());
        // the old slot is free again at once
        await BookingScenario.BookAsync(app, "2026-12-01T09:00", email: "someone.else@example.com");
    }

    [Fact]
    public async Task A_problem_answer_to_a_link_names_the_route_and_never_repeats_the_token()
    {
        var response = await app.CreateClient().PostAsJsonAsync($"/api/self-service/{token}/reschedule", new { start = "not a time", version = 1 }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain(token, body);
        Assert.Equal("/api/self-service/{token}/reschedule", JsonDocument.Parse(body).RootElement.GetProperty("instance").GetString());
    }

    [Fact]
    public async Task A_stale_version_is_refused_with_the_current_state_and_nothing_changes()
    {
        var response = await app.CreateClient().PostAsJsonAsync($"/api/self-service/{token}/reschedule", new { start = "2026-12-01T11:00", version = 7 }, Ct);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(1, (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("current").GetProperty("version").GetInt32());
        Assert.Equal(1, (await BookingScenario.LoadAsync(app, id)).Version);
    }

    [Fact]
    public async Task A_cancelled_appointment_cannot_be_rescheduled_by_its_old_link()
    {
        var cancel = await app.CreateClient().PostAsJsonAsync($"/api/self-service/{token}/cancel", new { reasonCode = "schedule-conflict", version = 1 }, Ct);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);

        var response = await app.CreateClient().PostAsJsonAsync($"/api/self-service/{token}/reschedule", new { start = "2026-12-01T11:00", version = 2 }, Ct);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var appointment = await BookingScenario.LoadAsync(app, id);
        Assert.Equal(AppointmentStatus.Cancelled, appointment.Status);
        var page = await app.CreateClient().GetStringAsync($"/api/manage/{token}", Ct);
        Assert.Contains("cancelled", page, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("/rebook", page);
    }

    [Fact]
    public async Task Tampered_wrong_purpose_and_foreign_tokens_are_403_and_expired_ones_410()
    {
        var client = app.CreateClient();
        var tampered = token[..^2] + (token[^2] == 'A' ? "BB" : "AA");
        var tokens = app.Services.GetRequiredService<LinkTokens>();
        var wrongPurpose = tokens.Issue(LinkPurpose.Approve, id, 0, clock.GetUtcNow().AddDays(1));

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/self-service/{tampered}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/self-service/{wrongPurpose}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/manage/{tampered}", Ct)).StatusCode);
        Assert.Equal("application/problem+json", (await client.GetAsync($"/api/self-service/{tampered}", Ct)).Content.Headers.ContentType?.MediaType);

        clock.Advance(TimeSpan.FromDays(60));
        Assert.Equal(HttpStatusCode.Gone, (await client.GetAsync($"/api/self-service/{token}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await client.GetAsync($"/api/manage/{token}", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_form_post_without_the_pages_form_token_changes_nothing()
    {
        var response = await app.CreateClient().PostAsync($"/api/manage/{token}/cancel",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["version"] = "1", ["reasonCode"] = "other", ["formToken"] = "forged" }), Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(AppointmentStatus.Booked, (await BookingScenario.LoadAsync(app, id)).Status);
    }

    [Fact]
    public async Task Replaying_a_cancel_post_does_not_cancel_twice()
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var page = await client.GetStringAsync($"/api/manage/{token}", Ct);
        var formToken = System.Text.RegularExpressions.Regex.Match(page, "name=\"formToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var form = new Dictionary<string, string> { ["version"] = "1", ["reasonCode"] = "other", ["formToken"] = formToken };

        var first = await client.PostAsync($"/api/manage/{token}/cancel", new FormUrlEncodedContent(form), Ct);
        var replay = await client.PostAsync($"/api/manage/{token}/cancel", new FormUrlEncodedContent(form), Ct);

        Assert.Equal(HttpStatusCode.SeeOther, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode); // the page was for version 1; the appointment is now version 2
        Assert.Equal(2, (await BookingScenario.LoadAsync(app, id)).Version);
    }
}
