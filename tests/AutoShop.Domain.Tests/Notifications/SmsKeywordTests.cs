using System.Globalization;
using AutoShop.Domain.Notifications;

namespace AutoShop.Domain.Tests.Notifications;

public class SmsKeywordTests
{
    /// <summary>As customers type them: the FCC's seven (47 CFR 64.1200(a)(10)), the carriers' STOPALL, and common spellings.</summary>
    private static readonly (string Typed, string Reported)[] OptOutKeywords =
    [
        ("stop", "STOP"), ("quit", "QUIT"), ("end", "END"), ("revoke", "REVOKE"), ("opt out", "OPT OUT"), ("cancel", "CANCEL"),
        ("unsubscribe", "UNSUBSCRIBE"), ("stopall", "STOPALL"), ("stop all", "STOPALL"), ("optout", "OPT OUT"), ("opt-out", "OPT OUT"),
    ];

    private static readonly (string Typed, string Reported, SmsKeywordIntent Intent)[] OtherKeywords =
    [
        ("start", "START", SmsKeywordIntent.OptIn), ("unstop", "UNSTOP", SmsKeywordIntent.OptIn),
        ("help", "HELP", SmsKeywordIntent.Help), ("info", "INFO", SmsKeywordIntent.Help),
    ];

    private static readonly Func<string, string>[] Cases =
    [
        k => k.ToUpperInvariant(),
        k => k,
        k => CultureInfo.InvariantCulture.TextInfo.ToTitleCase(k),
        k => string.Concat(k.Select((c, i) => i % 2 == 0 ? char.ToUpperInvariant(c) : c)),
    ];

    private static readonly string[] Surroundings =
        ["{0}", "{0}.", "{0}!", "{0}!!!", "  {0} \n", "\"{0}\"", "...{0}?", "*{0}*", "({0})", "{0} 🛑", "'{0}'", "{0},"];

    public static TheoryData<string, SmsKeywordIntent, string> EveryKeywordInEveryCaseAndPunctuation()
    {
        var data = new TheoryData<string, SmsKeywordIntent, string>();
        foreach (var (typed, reported, intent) in OptOutKeywords.Select(k => (k.Typed, k.Reported, SmsKeywordIntent.OptOut)).Concat(OtherKeywords))
            foreach (var text in Cases.SelectMany(c => Surroundings.Select(s => string.Format(CultureInfo.InvariantCulture, s, c(typed)))).Distinct())
                data.Add(text, intent, reported);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryKeywordInEveryCaseAndPunctuation))]
    public void A_keyword_counts_in_any_case_with_punctuation_and_space_around_it(string text, SmsKeywordIntent intent, string keyword) =>
        Assert.Equal(new SmsKeyword(intent, keyword), SmsKeyword.Parse(text));

    [Fact]
    public void Every_word_of_the_fcc_list_is_an_opt_out_keyword()
    {
        string[] fcc = ["stop", "quit", "end", "revoke", "opt out", "cancel", "unsubscribe"];

        Assert.All(fcc, word => Assert.Equal(SmsKeywordIntent.OptOut, SmsKeyword.Parse(word).Intent));
        Assert.All(fcc, word => Assert.Contains(SmsKeyword.Parse(word).Keyword, SmsKeyword.OptOutKeywords));
    }

    [Theory]
    [InlineData("ＳＴＯＰ")] // full-width letters, as some keyboards send them
    [InlineData("STOP STOP")]
    [InlineData("stop. stop!")]
    [InlineData("Stop, unsubscribe")]
    [InlineData("opt out opt out")]
    public void Folded_or_repeated_keywords_count(string text) =>
        Assert.Equal(SmsKeywordIntent.OptOut, SmsKeyword.Parse(text).Intent);

    [Theory]
    [InlineData("stop please")]
    [InlineData("Please stop")]
    [InlineData("STOP IT")]
    [InlineData("stop now!")]
    [InlineData("Stop it now please")]
    [InlineData("ok stop")]
    [InlineData("unsubscribe me")]
    [InlineData("Opt out please, thanks")]
    [InlineData("revoke please")]
    public void An_unambiguous_opt_out_keyword_with_courtesy_words_counts(string text) =>
        Assert.Equal(SmsKeywordIntent.OptOut, SmsKeyword.Parse(text).Intent);

    [Theory]
    [InlineData("please stop texting me")]
    [InlineData("Can you please stop texting me? Thanks")]
    [InlineData("stop texting me")]
    [InlineData("Stop sending me messages")]
    [InlineData("stop sending these texts")]
    [InlineData("quit messaging me")]
    [InlineData("stop contacting me")]
    [InlineData("stop the reminders")]
    [InlineData("stop texts")]
    [InlineData("cancel all text messages")]
    [InlineData("end these messages")]
    [InlineData("don't text me")]
    [InlineData("Don’t text me anymore")]
    [InlineData("dont message me")]
    [InlineData("do not contact me")]
    [InlineData("Do not text this number")]
    [InlineData("never text me again")]
    [InlineData("do not send me texts")]
    [InlineData("no more texts")]
    [InlineData("No more messages please")]
    [InlineData("I don't want any more texts")]
    [InlineData("I do not want to receive these messages")]
    [InlineData("remove me")]
    [InlineData("Remove me from your list")]
    [InlineData("please remove my number from your system")]
    [InlineData("take me off your list")]
    [InlineData("delete my number")]
    [InlineData("I want to opt out")]
    [InlineData("I'd like to unsubscribe")]
    [InlineData("opt me out")]
    [InlineData("unsubscribe me from these texts")]
    [InlineData("I revoke my consent")]
    [InlineData("leave me alone")]
    public void A_clear_free_text_revocation_opts_out(string text)
    {
        var keyword = SmsKeyword.Parse(text);

        Assert.Equal(SmsKeywordIntent.OptOut, keyword.Intent);
        Assert.True(keyword.FreeText || keyword.Keyword is not null);
    }

    [Fact]
    public void A_free_text_revocation_reports_no_keyword() =>
        Assert.Equal(new SmsKeyword(SmsKeywordIntent.OptOut, null, FreeText: true), SmsKeyword.Parse("Please stop texting me."));

    [Theory]
    [InlineData("don't stop the reminders")]
    [InlineData("stop by at 3")]
    [InlineData("Can I stop by at 3?")]
    [InlineData("I'll stop in tomorrow")]
    [InlineData("please stop the work")]
    [InlineData("the car won't stop")]
    [InlineData("Can I cancel my appointment?")]
    [InlineData("cancel please")] // at a repair shop this is as likely about the appointment
    [InlineData("cancel my appointment")]
    [InlineData("I need to cancel")]
    [InlineData("end please")]
    [InlineData("quit it")]
    [InlineData("end of the day works")]
    [InlineData("stop texting me so early")]
    [InlineData("don't text me before 9")]
    [InlineData("remove me from the 3 pm slot")]
    [InlineData("take me to the shop")]
    [InlineData("please don't unsubscribe me")]
    [InlineData("I'm not opting out")]
    [InlineData("How do I unsubscribe?")]
    [InlineData("no texts about the price, just call")]
    [InlineData("STOP START")]
    [InlineData("help please")]
    [InlineData("start please")]
    [InlineData("Thanks, see you then")]
    [InlineData("yes")]
    [InlineData("stopp")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("?!")]
    [InlineData(null)]
    public void Anything_less_clear_changes_nothing(string? text) =>
        Assert.Equal(SmsKeyword.None, SmsKeyword.Parse(text));

    [Fact]
    public void A_long_message_is_a_conversation_even_if_it_is_all_keywords() =>
        Assert.Equal(SmsKeyword.None, SmsKeyword.Parse(string.Join(' ', Enumerable.Repeat("stop", 80))));
}
