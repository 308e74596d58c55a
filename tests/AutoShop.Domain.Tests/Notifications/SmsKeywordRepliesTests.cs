using AutoShop.Domain.Notifications;

namespace AutoShop.Domain.Tests.Notifications;

public class SmsKeywordRepliesTests
{
    private static readonly SmsKeywordReplies Queens = new("AutoShop Queens Boulevard", "+1 718-555-0100", Language.En);

    [Fact]
    public void The_opt_out_confirmation_names_the_shop_and_how_to_come_back_and_nothing_else()
    {
        var text = Queens.For(SmsKeywordIntent.OptOut)!;

        Assert.StartsWith("AutoShop Queens Boulevard: ", text);
        Assert.Contains("no more texts", text);
        Assert.Contains("Reply START", text);
        Assert.DoesNotContain("http", text); // no links, no offers: the FCC allows a confirmation only
        Assert.True(text.Length <= 160, $"one segment, was {text.Length}");
    }

    [Fact]
    public void Help_names_the_shop_how_to_opt_out_and_whom_to_call()
    {
        var text = Queens.For(SmsKeywordIntent.Help)!;

        Assert.StartsWith("AutoShop Queens Boulevard: ", text);
        Assert.Contains("Reply STOP to opt out", text);
        Assert.EndsWith("Questions? Call +1 718-555-0100.", text);
    }

    [Fact]
    public void Help_without_a_shop_phone_leaves_the_call_out() =>
        Assert.DoesNotContain("Call", new SmsKeywordReplies("AutoShop", null, Language.En).Help);

    [Fact]
    public void Replies_speak_the_customers_language()
    {
        var spanish = Queens with { Language = Language.Es };

        Assert.Contains("Responda START", spanish.OptedOut);
        Assert.Contains("Responda STOP", spanish.OptedIn);
        Assert.Contains("Llame al +1 718-555-0100", spanish.Help);
    }

    [Fact]
    public void An_ordinary_reply_gets_no_answer() => Assert.Null(Queens.For(SmsKeywordIntent.None));
}
