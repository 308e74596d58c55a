using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AutoShop.Functions.Notifications.Templates;
using static AutoShop.Functions.Tests.Notifications.NotificationHarness;

namespace AutoShop.Functions.Tests.Notifications;

public sealed class TemplatesApiTests
{
    private const string Base = "/api/shops/queens-blvd/templates";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

    [Fact]
    public async Task A_saved_subject_override_is_listed_audited_used_for_the_next_confirmation_and_reset_to_the_default()
    {
        await using var harness = await StartAsync();
        var put = await harness.Staff.PutAsJsonAsync($"{Base}/confirmation/email/en",
            new { subject = "See you {{ appointment.date }}, {{ customer.first_name }}!", reasonCode = "other" }, Ct);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var list = await JsonOf(await harness.Staff.GetAsync(Base, Ct));
        var entries = list.GetProperty("templates").EnumerateArray().ToList();
        Assert.Equal(8 * 2 * 2, entries.Count);
        var overridden = Assert.Single(entries, e => e.GetProperty("overridden").GetBoolean());
        Assert.Equal("confirmation/email/en", $"{overridden.GetProperty("kind")}/{overridden.GetProperty("channel")}/{overridden.GetProperty("language")}");
        var audit = Assert.Single((await JsonOf(await harness.Staff.GetAsync($"{Base}/audit", Ct))).EnumerateArray());
        Assert.Equal("test-staff", audit.GetProperty("actor").GetString());
        Assert.Equal("subject", audit.GetProperty("part").GetString());
        Assert.Equal("other", audit.GetProperty("reasonCode").GetString());

        var email = NewEmail();
        await harness.BookAsync("2026-11-25T09:00", email, phone: null, smsOptIn: false);
        Assert.Single(await EmailsAsync(email, "See you Wednesday, November 25, 2026, Rosa!"));

        Assert.Equal(HttpStatusCode.NoContent, (await harness.Staff.DeleteAsync($"{Base}/confirmation/email/en", Ct)).StatusCode);
        var parts = (await JsonOf(await harness.Staff.GetAsync($"{Base}/confirmation/email/en", Ct))).GetProperty("parts").EnumerateArray().ToList();
        Assert.All(parts, p => Assert.False(p.GetProperty("overridden").GetBoolean()));
        Assert.StartsWith("Appointment confirmed:", parts.Single(p => p.GetProperty("part").GetString() == "subject").GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, (await JsonOf(await harness.Staff.GetAsync($"{Base}/audit", Ct))).GetArrayLength());
    }

    [Fact]
    public async Task An_unknown_variable_is_refused_with_422_naming_its_line_and_nothing_is_saved()
    {
        await using var harness = await StartAsync();

        var response = await harness.Staff.PutAsJsonAsync($"{Base}/reminder/email/en",
            new { text = "Hello {{ customer.first_name }}\nYour car: {{ vehicle.colour }}" }, Ct);
        var broken = await harness.Staff.PutAsJsonAsync($"{Base}/reminder/email/en", new { html = "<p>{% if %}</p>" }, Ct);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var error = (await JsonOf(response)).GetProperty("errors").GetProperty("text")[0].GetString();
        Assert.StartsWith("line 2:", error, StringComparison.Ordinal);
        Assert.Contains("vehicle.colour", error);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, broken.StatusCode);
        Assert.StartsWith("line 1:", (await JsonOf(broken)).GetProperty("errors").GetProperty("html")[0].GetString(), StringComparison.Ordinal);
        var list = await JsonOf(await harness.Staff.GetAsync(Base, Ct));
        Assert.DoesNotContain(list.GetProperty("templates").EnumerateArray(), e => e.GetProperty("overridden").GetBoolean());
    }

    [Fact]
    public async Task An_sms_longer_than_two_segments_is_saved_with_a_warning()
    {
        await using var harness = await StartAsync();
        var text = "Hi {{ customer.first_name }}! " + string.Concat(Enumerable.Repeat("This is a very long reminder text. ", 12));

        var response = await harness.Staff.PutAsJsonAsync($"{Base}/reminder/sms/en", new { sms = text }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var warning = Assert.Single((await JsonOf(response)).GetProperty("warnings").EnumerateArray());
        Assert.Equal("sms", warning.GetProperty("part").GetString());
        Assert.Contains("parts", warning.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Preview_renders_sample_data_with_the_given_text_or_the_effective_template()
    {
        await using var harness = await StartAsync();

        var given = await JsonOf(await harness.Staff.PostAsJsonAsync($"{Base}/reminder/sms/es/preview", new { sms = "Hola {{ customer.first_name }}, {{ appointment.time }}" }, Ct));
        var effective = await JsonOf(await harness.Staff.PostAsJsonAsync($"{Base}/cancelled/email/en/preview", new { }, Ct));
        var wrongPart = await harness.Staff.PostAsJsonAsync($"{Base}/cancelled/email/en/preview", new { sms = "hi" }, Ct);
        var unknownKind = await harness.Staff.GetAsync($"{Base}/birthday/email/en", Ct);

        Assert.Equal("Hola Ana, 9:30", given.GetProperty("text").GetString());
        Assert.Equal(1, given.GetProperty("smsSegments").GetInt32());
        Assert.Contains("Northside Auto Care", effective.GetProperty("html").GetString());
        Assert.False(string.IsNullOrWhiteSpace(effective.GetProperty("subject").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, wrongPart.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownKind.StatusCode);
    }

    [Fact]
    public async Task A_part_of_the_longest_allowed_length_is_saved_though_its_json_is_larger_than_the_default_json_body_limit()
    {
        await using var harness = await StartAsync();
        // Escaped as \u00e9, each character is six bytes of JSON: about 94 KiB for the one part.
        var text = new string('\u00e9', TemplateFunctions.MaxTemplateLength);

        var response = await harness.Staff.PutAsJsonAsync($"{Base}/reminder/email/en", new { text }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var saved = (await JsonOf(await harness.Staff.GetAsync($"{Base}/reminder/email/en", Ct))).GetProperty("parts").EnumerateArray()
            .Single(p => p.GetProperty("part").GetString() == "text");
        Assert.True(saved.GetProperty("overridden").GetBoolean());
        Assert.Equal(text, saved.GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_preview_without_a_body_renders_the_effective_template()
    {
        await using var harness = await StartAsync();

        var response = await harness.Staff.PostAsync($"{Base}/cancelled/email/en/preview", content: null, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Northside Auto Care", (await JsonOf(response)).GetProperty("html").GetString());
    }

    [Fact]
    public async Task Template_endpoints_are_for_staff_only()
    {
        await using var harness = await StartAsync();
        using var anonymous = harness.App.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(Base, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PutAsJsonAsync($"{Base}/reminder/sms/en", new { sms = "x" }, Ct)).StatusCode);
    }
}
