namespace AutoShop.Domain.Customers;

[Flags]
public enum ContactChannels
{
    None = 0,
    Email = 1,
    Sms = 2,
}

/// <summary>The languages our templates exist in.</summary>
public enum ContactLanguage
{
    En,
    Es,
}

/// <summary>
/// What the customer agreed to. Opt-ins are consent records: nothing is sent on a channel the
/// customer did not opt into, so a preferred channel must also be an opted-in one.
/// </summary>
public sealed record ContactPreferences
{
    private ContactPreferences(bool emailOptIn, bool smsOptIn, ContactChannels preferred, ContactLanguage language)
    {
        EmailOptIn = emailOptIn;
        SmsOptIn = smsOptIn;
        PreferredChannels = preferred;
        Language = language;
    }

    public bool EmailOptIn { get; }

    public bool SmsOptIn { get; }

    public ContactChannels PreferredChannels { get; }

    public ContactLanguage Language { get; }

    public static Result<ContactPreferences, ValidationError> TryCreate(
        bool emailOptIn, bool smsOptIn, ContactChannels preferred, ContactLanguage language = ContactLanguage.En)
    {
        if (preferred.HasFlag(ContactChannels.Email) && !emailOptIn)
            return new ValidationError("preferredChannels", "cannot prefer email without opting in to email.");
        if (preferred.HasFlag(ContactChannels.Sms) && !smsOptIn)
            return new ValidationError("preferredChannels", "cannot prefer SMS without opting in to SMS.");
        if (!Enum.IsDefined(language))
            return new ValidationError("language", "must be 'en' or 'es'.");
        return new ContactPreferences(emailOptIn, smsOptIn, preferred, language);
    }

    public static Result<ContactLanguage, ValidationError> ParseLanguage(string? code, string field = "language") =>
        code?.Trim().ToLowerInvariant() switch
        {
            "en" => ContactLanguage.En,
            "es" => ContactLanguage.Es,
            _ => new ValidationError(field, "must be 'en' or 'es'."),
        };

    public static string LanguageCode(ContactLanguage language) => language == ContactLanguage.Es ? "es" : "en";
}
