using AutoShop.Domain.Notifications;

namespace AutoShop.Domain.Tests.Notifications;

public class DefaultTemplateTests
{
    private static readonly TemplatePart[] Parts = [TemplatePart.Subject, TemplatePart.Html, TemplatePart.Text, TemplatePart.Sms];

    public static TheoryData<MessageKind, string> KindsAndLanguages()
    {
        var data = new TheoryData<MessageKind, string>();
        foreach (var kind in MessageKinds.All)
        {
            foreach (var language in Language.All)
                data.Add(kind, language.Code);
        }

        return data;
    }

    private readonly TemplateRenderer renderer = new(SampleData.Clock);

    [Theory]
    [MemberData(nameof(KindsAndLanguages))]
    public void Every_shipped_part_validates_without_errors_or_warnings(MessageKind kind, string languageCode)
    {
        var language = Language.FromTag(languageCode);
        foreach (var part in Parts)
        {
            var validation = new TemplateValidator().Validate(DefaultTemplates.Text(kind, part, language), kind, part, language);

            Assert.True(validation.IsValid, $"{part}: {string.Join("; ", validation.Errors)}");
            Assert.Empty(validation.Warnings);
        }
    }

    [Theory]
    [MemberData(nameof(KindsAndLanguages))]
    public void Every_email_and_sms_links_to_the_appointment(MessageKind kind, string languageCode)
    {
        var language = Language.FromTag(languageCode);
        var context = SampleData.Context(kind, language);
        var email = Assert.IsType<RenderedEmail>(renderer.Render(context, Channel.Email));
        var sms = Assert.IsType<RenderedSms>(renderer.Render(context, Channel.Sms));
        var manage = context.Links.Manage.AbsoluteUri;

        Assert.Contains(manage, email.Html, StringComparison.Ordinal);
        Assert.Contains(manage, email.Text, StringComparison.Ordinal);
        Assert.Contains(manage, sms.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", email.Html + email.Text + email.Subject + sms.Text, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(email.Subject));
    }

    [Theory]
    [InlineData(MessageKind.Confirmation, "en")]
    [InlineData(MessageKind.Confirmation, "es")]
    [InlineData(MessageKind.Rescheduled, "en")]
    [InlineData(MessageKind.Rescheduled, "es")]
    public void Confirmations_and_reschedules_also_carry_the_calendar_link(MessageKind kind, string languageCode)
    {
        var context = SampleData.Context(kind, Language.FromTag(languageCode));
        var calendar = context.Links.Calendar!.AbsoluteUri;

        var email = Assert.IsType<RenderedEmail>(renderer.Render(context, Channel.Email));
        var sms = Assert.IsType<RenderedSms>(renderer.Render(context, Channel.Sms));

        Assert.Contains(calendar, email.Html, StringComparison.Ordinal);
        Assert.Contains(calendar, email.Text, StringComparison.Ordinal);
        Assert.Contains(calendar, sms.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_calendar_link_the_calendar_line_is_left_out()
    {
        var context = SampleData.Context(MessageKind.Confirmation, Language.En) with
        {
            Links = new NotificationLinks(new Uri("https://autoshop.example/m/x")),
        };

        var email = Assert.IsType<RenderedEmail>(renderer.Render(context, Channel.Email));

        Assert.DoesNotContain("calendar", email.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Spanish_messages_are_written_in_spanish()
    {
        var email = Assert.IsType<RenderedEmail>(renderer.Preview(MessageKind.Reminder, Channel.Email, Language.Es));

        Assert.StartsWith("Recordatorio", email.Subject, StringComparison.Ordinal);
        Assert.Contains("Hola Ana", email.Text, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"es\">", email.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Exception_emails_tell_the_customer_the_reason_and_the_decision_note()
    {
        var context = SampleData.Context(MessageKind.ExceptionDenied, Language.En);

        var email = Assert.IsType<RenderedEmail>(renderer.Render(context, Channel.Email));

        Assert.Contains(context.Exception!.Reason, email.Text, StringComparison.Ordinal);
        Assert.Contains(context.Exception.DecisionNote!, email.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_template_readme_documents_every_variable()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "functions", "AutoShop.Domain", "Notifications", "Templates", "README.md"));

        foreach (var variable in TemplateVariables.All)
            Assert.Contains($"`{variable.Path}`", readme, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "AutoShop.sln")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("AutoShop.sln not found above the test output.");
    }
}
