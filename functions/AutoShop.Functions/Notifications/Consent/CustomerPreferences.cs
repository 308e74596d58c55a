using AutoShop.Domain.Booking;
using AutoShop.Domain.Notifications;
using AutoShop.Functions.Booking.Storage;

namespace AutoShop.Functions.Notifications.Consent;

/// <summary>What a customer asks through their manage link: email/SMS opt-in, preferred channels and language. Absent fields keep their value.</summary>
public sealed record PreferencesBody(bool? EmailOptIn, bool? SmsOptIn, IReadOnlyList<string>? PreferredChannels, string? Language);

/// <summary>
/// The customer changes how we reach them: opt-ins and opt-outs go into the consent ledger as customer-link
/// entries, the channel and language choice into each of the booking's contacts. A change that cannot hold
/// (opting in to a channel the booking has no address for, preferring a channel not opted in to) changes nothing.
/// </summary>
public sealed class CustomerPreferences(ConsentLedger ledger, Recipients recipients, TimeProvider clock)
{
    /// <param name="linkFingerprint">The manage link's fingerprint: with the time, it keys the ledger entries the change writes.</param>
    /// <returns>The customer's preferences after the change, or the field errors that refused it.</returns>
    public async Task<(RecipientPreferences? Now, Dictionary<string, string[]>? Errors)> ChangeAsync(
        StoredAppointment stored, PreferencesBody change, string linkFingerprint, CancellationToken ct)
    {
        var customer = stored.Appointment.Customer;
        var errors = new Dictionary<string, string[]>();
        if (change.EmailOptIn == true && customer.Email is null) errors["emailOptIn"] = ["needs an email address on the booking."];
        if (change.SmsOptIn == true && customer.Phone is null) errors["smsOptIn"] = ["needs a phone number on the booking."];
        var preferred = new List<Channel>();
        foreach (var code in change.PreferredChannels ?? [])
        {
            if (Channels.TryParse(code, out var channel)) preferred.Add(channel);
            else errors["preferredChannels"] = ["may only contain 'email' and 'sms'."];
        }
        var language = change.Language switch
        {
            null => null,
            "en" => Language.En,
            "es" => Language.Es,
            _ => (Language?)null,
        };
        if (change.Language is not null && language is null) errors["language"] = ["must be 'en' or 'es'."];
        var current = await recipients.ResolveAsync(customer, ct);
        var emailOptIn = change.EmailOptIn ?? current.EmailOptIn;
        var smsOptIn = change.SmsOptIn ?? current.SmsOptIn;
        if (preferred.Contains(Channel.Email) && !emailOptIn) errors["preferredChannels"] = ["cannot prefer email without opting in to email."];
        if (preferred.Contains(Channel.Sms) && !smsOptIn) errors["preferredChannels"] = ["cannot prefer SMS without opting in to SMS."];
        if (errors.Count > 0) return (null, errors);

        var at = clock.GetUtcNow();
        var actor = "customer:" + stored.Appointment.Id.Value;
        var entryId = "link-" + linkFingerprint + "-" + at.UtcTicks;
        if (change.EmailOptIn is { } e && customer.Email is { } email)
            await ledger.RecordAsync(new ConsentEntry(ContactKey.ForEmail(email).Value, Channel.Email, e, ConsentSource.CustomerLink, at, actor,
                AppointmentId: stored.Appointment.Id.Value), entryId, ct);
        if (change.SmsOptIn is { } s && customer.Phone is { } phone)
            await ledger.RecordAsync(new ConsentEntry(ContactKey.ForPhone(phone).Value, Channel.Sms, s, ConsentSource.CustomerLink, at, actor,
                AppointmentId: stored.Appointment.Id.Value), entryId, ct);
        if (change.PreferredChannels is not null || language is not null)
        {
            var choice = new ContactPreferenceChoice(change.PreferredChannels is null ? null : preferred.Distinct().ToList(), language, at);
            foreach (var contact in new[] { customer.Email is { } m ? ContactKey.ForEmail(m) : null, customer.Phone is { } p ? ContactKey.ForPhone(p) : null }.OfType<ContactKey>())
                await ledger.SavePreferencesAsync(contact, await MergeAsync(contact, choice, ct), ct);
        }
        return (await recipients.ResolveAsync(customer, ct), null);
    }

    /// <summary>A change of language alone keeps the channel preference, and the other way round.</summary>
    private async Task<ContactPreferenceChoice> MergeAsync(ContactKey contact, ContactPreferenceChoice choice, CancellationToken ct)
    {
        var existing = (await ledger.ReadAsync(contact, ct)).Preferences;
        return choice with
        {
            PreferredChannels = choice.PreferredChannels ?? existing?.PreferredChannels,
            Language = choice.Language ?? existing?.Language,
        };
    }
}
