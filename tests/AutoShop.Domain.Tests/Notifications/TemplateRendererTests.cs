using AutoShop.Domain.Notifications;
using Fluid;
using Microsoft.Extensions.Time.Testing;

namespace AutoShop.Domain.Tests.Notifications;

public class TemplateRendererTests
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 3, 9, 12, 0, 0, TimeSpan.Zero));

    private NotificationContext Context(string firstName = "Sam") =>
        SampleData.Context(MessageKind.Confirmation, Language.En) with { CustomerFirstName = firstName };

    [Fact]
    public void A_shop_override_replaces_only_the_part_it_overrides()
    {
        var overrides = new TemplateOverrides(Subject: "See you {{ appointment.date }}, {{ customer.first_name }}");

        var email = Assert.IsType<RenderedEmail>(new TemplateRenderer(clock).Render(Context(), Channel.Email, overrides));

        Assert.Equal("See you Tuesday, March 10, 2026, Sam", email.Subject);
        Assert.Contains("Thanks for booking", email.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_override_is_rejected_with_its_errors_and_nothing_is_rendered()
    {
        var overrides = new TemplateOverrides(Sms: "Hi {{ customer.first_name }}\n{{ customer.last_name }}");

        var rejected = Assert.IsType<TemplateRejected>(new TemplateRenderer(clock).Render(Context(), Channel.Sms, overrides));

        Assert.Equal(TemplatePart.Sms, rejected.Part);
        Assert.Equal(2, Assert.Single(rejected.Errors).Line);
    }

    [Fact]
    public void Values_are_html_encoded_in_the_html_body_only()
    {
        var email = Assert.IsType<RenderedEmail>(new TemplateRenderer(clock).Render(Context("<b>Sam</b> & co"), Channel.Email));

        Assert.Contains("Hi &lt;b&gt;Sam&lt;/b&gt; &amp; co,", email.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>Sam</b>", email.Html, StringComparison.Ordinal);
        Assert.StartsWith("Hi <b>Sam</b> & co,", email.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Accented_letters_stay_readable_in_html()
    {
        var email = Assert.IsType<RenderedEmail>(new TemplateRenderer(clock).Render(Context("José"), Channel.Email));

        Assert.Contains("Hi José,", email.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_html_body_is_wrapped_in_a_complete_document()
    {
        var email = Assert.IsType<RenderedEmail>(new TemplateRenderer(clock).Render(Context(), Channel.Email));

        Assert.StartsWith("<!DOCTYPE html>", email.Html, StringComparison.Ordinal);
        Assert.Contains($"<title>{email.Subject}</title>", email.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_subject_is_always_one_line()
    {
        var context = Context() with { Shop = Context().Shop with { Name = "Northside\r\nBcc: everyone@example.com" } };
        var overrides = new TemplateOverrides(Subject: "Booked\nat {{ shop.name }}");

        var email = Assert.IsType<RenderedEmail>(new TemplateRenderer(clock).Render(context, Channel.Email, overrides));

        Assert.Equal("Booked at Northside Bcc: everyone@example.com", email.Subject);
    }

    [Fact]
    public void An_sms_comes_with_its_segment_count()
    {
        var sms = Assert.IsType<RenderedSms>(new TemplateRenderer(clock).Render(Context(), Channel.Sms, new TemplateOverrides(Sms: " Hi {{ customer.first_name }} ")));

        Assert.Equal("Hi Sam", sms.Text);
        Assert.Equal(new SmsSegmentCount(SmsEncoding.Gsm7, 6, 1), sms.Segments);
    }

    [Fact]
    public void Liquid_now_is_the_injected_clock()
    {
        var overrides = new TemplateOverrides(Sms: "{{ 'now' | date: '%Y-%m-%d %H:%M' }}");

        var sms = Assert.IsType<RenderedSms>(new TemplateRenderer(clock).Render(Context(), Channel.Sms, overrides));

        Assert.Equal("2026-03-09 12:00", sms.Text);
    }

    [Fact]
    public void Preview_renders_sample_data()
    {
        var sms = Assert.IsType<RenderedSms>(new TemplateRenderer(clock).Preview(MessageKind.Cancelled, Channel.Sms, Language.Es));

        Assert.StartsWith("Hola Ana", sms.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{{ appointment.Start }}")]
    [InlineData("{{ appointment }}")]
    [InlineData("{{ services }}")]
    [InlineData("{{ appointment.GetType }}")]
    [InlineData("{{ customer.FirstName }}")]
    public void At_render_time_nothing_outside_the_documented_members_is_reachable(string text)
    {
        // Straight through the engine, skipping the validator that would refuse these texts.
        var engine = new TemplateEngine(clock);
        Assert.True(TemplateEngine.TryParse(text, out var template, out _));

        var output = engine.Render(template, TemplateModel.From(Context()), MessageKind.Confirmation, Language.En, TemplateEngine.None);

        Assert.DoesNotContain("Tuesday", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Sam", output, StringComparison.Ordinal);
        Assert.DoesNotContain("View", output, StringComparison.Ordinal);
        Assert.DoesNotContain("AutoShop", output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_override_that_loops_too_long_is_stopped_and_rejected()
    {
        var overrides = new TemplateOverrides(Text: "{% for i in (1..10000000) %}x{% endfor %}");

        var rejected = Assert.IsType<TemplateRejected>(new TemplateRenderer(clock).Render(Context(), Channel.Email, overrides));

        Assert.Equal(TemplatePart.Text, rejected.Part);
        Assert.Contains("could not be rendered", Assert.Single(rejected.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_failures_of_shipped_templates_are_impossible_because_every_one_parses()
    {
        foreach (var kind in MessageKinds.All)
        {
            foreach (var language in Language.All)
            {
                foreach (var part in new[] { TemplatePart.Subject, TemplatePart.Html, TemplatePart.Text, TemplatePart.Sms })
                    Assert.True(TemplateEngine.TryParse(DefaultTemplates.Text(kind, part, language), out IFluidTemplate? _, out _));
            }
        }
    }
}
