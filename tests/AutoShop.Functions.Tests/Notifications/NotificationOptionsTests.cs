using System.ComponentModel.DataAnnotations;
using AutoShop.Functions.Notifications;

namespace AutoShop.Functions.Tests.Notifications;

/// <summary>Notification settings the app refuses at start (ValidateOnStart), so a mistake never reaches a customer.</summary>
public sealed class NotificationOptionsTests
{
    private static List<string> Errors(NotificationOptions options) =>
        [.. options.Validate(new ValidationContext(options)).Select(r => r.ErrorMessage ?? "")];

    [Fact]
    public void The_defaults_are_valid() => Assert.Empty(Errors(new NotificationOptions()));

    [Fact]
    public void A_shop_window_that_shares_no_time_with_eight_to_eight_is_refused_since_no_recipient_could_ever_be_texted()
    {
        var options = new NotificationOptions();
        options.Shops["early-bird"] = new ShopNotificationOptions { SmsAllowedFrom = "05:00", SmsAllowedUntil = "07:30" };

        var error = Assert.Single(Errors(options));

        Assert.StartsWith("Notifications__Shops__early-bird__SmsAllowedFrom/SmsAllowedUntil:", error);
        Assert.Contains("08:00-20:00", error);
    }

    [Fact]
    public void A_narrower_shop_window_inside_the_recipients_is_fine()
    {
        var options = new NotificationOptions { SmsAllowedFrom = "09:30", SmsAllowedUntil = "18:00" };

        Assert.Empty(Errors(options));
    }

    [Theory]
    [InlineData("")]
    [InlineData("An auto shop name far longer than any text should open with")]
    public void The_program_name_for_replies_must_fit_an_sms_opening(string name) =>
        Assert.Contains(Errors(new NotificationOptions { SmsProgramName = name }), e => e.Contains("SmsProgramName", StringComparison.Ordinal));
}
