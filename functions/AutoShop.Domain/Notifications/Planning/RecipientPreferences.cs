namespace AutoShop.Domain.Notifications;

/// <summary>
/// What the customer agreed to and how they like to be reached, as notifications need it.
/// Opt-ins are consent: nothing goes out on a channel without one. An empty
/// <see cref="PreferredChannels"/> means "no preference", so every consented channel is used.
/// </summary>
public sealed record RecipientPreferences(bool EmailOptIn, bool SmsOptIn, IReadOnlyList<Channel> PreferredChannels, Language Language);

/// <summary>Which addresses we hold for the customer (only whether, not what: planning needs no more).</summary>
public sealed record RecipientContact(bool HasEmailAddress, bool HasPhoneNumber);
