using System.Text.RegularExpressions;

namespace AutoShop.Domain.Notifications;

/// <summary>
/// Free-text revocations: the FCC (47 CFR 64.1200(a)(10)) wants other wording honoured when a
/// reasonable person would read it as "stop texting me". Which wording counts is our call, and
/// we keep it narrow: the whole reply (less courtesy words such as "please", "thanks",
/// "anymore") must be one of these shapes, each naming texting or a list, never a bare verb:
/// <list type="bullet">
/// <item>stop/quit/end/cancel + messages: "stop the texts", "cancel all reminders"</item>
/// <item>stop/quit + texting: "stop texting me", "stop sending me messages", "stop contacting me"</item>
/// <item>don't/do not/never + text/message/contact: "don't text me", "do not contact me", "never text me again"</item>
/// <item>"no more texts", "I don't want any more messages"</item>
/// <item>remove/delete me, take me off the list: "remove me", "remove me from your list", "take me off your list"</item>
/// <item>unsubscribe/opt out as a request: "I want to opt out", "opt me out", "unsubscribe me from texts", "I revoke my consent"</item>
/// <item>"leave me alone"</item>
/// </list>
/// Anything more is a conversation for the shop and changes nothing: "don't stop the reminders",
/// "stop by at 3", "stop texting me so early", "don't text me before 9", "cancel my appointment",
/// "remove me from the 3 pm slot". A wrong reading there would silence a customer who wants the texts.
/// </summary>
internal static class SmsRevocationPhrases
{
    /// <summary>Words that may surround a bare opt-out keyword ("stop please", "unsubscribe me", "ok stop").</summary>
    public static readonly Courtesy KeywordCourtesy = new(
        Leading: ["PLEASE", "PLS", "PLZ", "JUST", "OK", "OKAY", "HI", "HELLO", "HEY", "KINDLY"],
        Trailing: ["PLEASE", "PLS", "PLZ", "NOW", "RIGHT NOW", "IT", "ME", "THANKS", "THANK YOU", "THX", "TY", "ASAP", "IMMEDIATELY", "ANYMORE", "ANY MORE"]);

    /// <summary>Words around a revocation phrase that add nothing to it ("can you please … thanks").</summary>
    private static readonly Courtesy PhraseCourtesy = new(
        Leading: ["PLEASE", "PLS", "PLZ", "JUST", "OK", "OKAY", "HI", "HELLO", "HEY", "KINDLY",
            "CAN YOU", "COULD YOU", "WOULD YOU", "CAN U", "I WANT TO", "I WOULD LIKE TO", "ID LIKE TO", "I WISH TO"],
        Trailing: ["PLEASE", "PLS", "PLZ", "NOW", "RIGHT NOW", "THANKS", "THANK YOU", "THX", "TY", "ASAP", "IMMEDIATELY",
            "ANYMORE", "ANY MORE", "AGAIN", "EVER", "FROM NOW ON"]);

    private const string Noun = "(?:TEXT MESSAGES?|TEXTS?|TXTS?|MESSAGES?|MSGS?|SMS|SMSES|NOTIFICATIONS?|ALERTS?|REMINDERS?|REMINDER TEXTS?)";
    private const string Det = "(?:(?:ALL|ANY) (?:OF )?(?:THE|THESE|THOSE|YOUR) |ALL |ANY |THE |THESE |THOSE |YOUR |THIS |THAT )?";
    private const string Me = "(?: ME| TO ME| TO THIS NUMBER| THIS NUMBER| MY NUMBER| ON THIS NUMBER)?";
    private const string Who = "(?:ME|MY NUMBER|MY PHONE NUMBER|THIS NUMBER)";
    private const string List = "(?:LIST|TEXT LIST|TEXTING LIST|SMS LIST|MAILING LIST|CONTACT LIST|CONTACTS|SYSTEM|DATABASE)";
    private const string Sending = "(?:TEXTING|TXTING|MESSAGING|SMSING|CONTACTING|SENDING(?: ME)? " + Det + Noun + "|SENDING ME|SENDING)";

    private static readonly string[] Shapes =
    [
        "(?:STOP|QUIT|END|CANCEL) " + Det + Noun + Me,
        "(?:STOP|QUIT) " + Sending + Me,
        "(?:DONT|DO NOT|NEVER) (?:EVER )?(?:TEXT|TXT|MESSAGE|SMS|CONTACT|SEND(?: ME)? " + Det + Noun + ")" + Me,
        "NO MORE " + Det + Noun + Me,
        "(?:I )?(?:DONT|DO NOT) WANT (?:TO (?:GET|RECEIVE) )?(?:ANY )?(?:MORE )?" + Det + Noun + Me,
        "(?:REMOVE|DELETE) " + Who + "(?: FROM " + Det + "(?:" + List + "|" + Noun + "))?",
        "TAKE " + Who + " OFF(?: OF)? " + Det + "(?:" + List + "|" + Noun + ")",
        "(?:UNSUBSCRIBE|OPT OUT|OPTOUT|OPT ME OUT)(?: ME)?(?: (?:FROM|OF) " + Det + "(?:" + List + "|" + Noun + "))?",
        "(?:I )?REVOKE (?:MY )?CONSENT(?: (?:TO|FOR) " + Det + Noun + ")?",
        "LEAVE ME ALONE",
    ];

    // Non-backtracking: the input is customer text, so matching time must not depend on its shape.
    private static readonly Regex Revocation = new("^(?:" + string.Join('|', Shapes) + ")$",
        RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);

    public static bool IsRevocation(IReadOnlyList<string> words)
    {
        var core = WithoutCourtesy(words, PhraseCourtesy);
        return core.Count > 0 && Revocation.IsMatch(string.Join(' ', core));
    }

    /// <summary>The words with courtesy phrases taken off both ends, as often as they repeat ("please please stop now thanks").</summary>
    public static IReadOnlyList<string> WithoutCourtesy(IReadOnlyList<string> words, Courtesy courtesy)
    {
        var (start, end) = (0, words.Count);
        for (var changed = true; changed && start < end;)
        {
            changed = false;
            foreach (var phrase in courtesy.Leading)
            {
                var parts = phrase.Split(' ');
                if (parts.Length <= end - start && parts.Select((p, i) => words[start + i] == p).All(x => x))
                {
                    start += parts.Length;
                    changed = true;
                    break;
                }
            }
            foreach (var phrase in courtesy.Trailing)
            {
                var parts = phrase.Split(' ');
                if (parts.Length <= end - start && parts.Select((p, i) => words[end - parts.Length + i] == p).All(x => x))
                {
                    end -= parts.Length;
                    changed = true;
                    break;
                }
            }
        }
        return [.. words.Skip(start).Take(end - start)];
    }

    /// <summary>Phrases (words separated by single spaces, upper case) that may open or close a reply.</summary>
    internal sealed record Courtesy(string[] Leading, string[] Trailing);
}
