using AutoShop.Domain.Notifications;

namespace AutoShop.Domain.Tests.Notifications;

public class SmsKeywordTests
{
    [Theory]
    [InlineData("STOP", SmsKeywordIntent.OptOut)]
    [InlineData("stop", SmsKeywordIntent.OptOut)]
    [InlineData("  Stop \n", SmsKeywordIntent.OptOut)]
    [InlineData("STOPALL", SmsKeywordIntent.OptOut)]
    [InlineData("unsubscribe", SmsKeywordIntent.OptOut)]
    [InlineData("CANCEL", SmsKeywordIntent.OptOut)]
    [InlineData("End", SmsKeywordIntent.OptOut)]
    [InlineData("QUIT", SmsKeywordIntent.OptOut)]
    [InlineData("revoke", SmsKeywordIntent.OptOut)]
    [InlineData("OPTOUT", SmsKeywordIntent.OptOut)]
    [InlineData("START", SmsKeywordIntent.OptIn)]
    [InlineData("unstop", SmsKeywordIntent.OptIn)]
    [InlineData("HELP", SmsKeywordIntent.Help)]
    [InlineData(" help ", SmsKeywordIntent.Help)]
    [InlineData("please stop the work", SmsKeywordIntent.None)]
    [InlineData("STOP!", SmsKeywordIntent.None)]
    [InlineData("STOP STOP", SmsKeywordIntent.None)]
    [InlineData("stopp", SmsKeywordIntent.None)]
    [InlineData("opt out", SmsKeywordIntent.None)]
    [InlineData("Can I cancel my appointment?", SmsKeywordIntent.None)]
    [InlineData("", SmsKeywordIntent.None)]
    [InlineData("   ", SmsKeywordIntent.None)]
    [InlineData(null, SmsKeywordIntent.None)]
    public void Only_a_whole_message_keyword_counts(string? text, SmsKeywordIntent intent) =>
        Assert.Equal(intent, SmsKeyword.Parse(text).Intent);

    [Fact]
    public void The_matched_keyword_is_reported_in_upper_case() =>
        Assert.Equal(new SmsKeyword(SmsKeywordIntent.OptOut, "UNSUBSCRIBE"), SmsKeyword.Parse(" Unsubscribe "));
}
