using AutoShop.Domain.Booking;
using AutoShop.Domain.Customers;
using AutoShop.Domain.Notifications;
using NodaTime;

namespace AutoShop.Functions.Notifications.Consent;

/// <summary>
/// What the customer agrees to now: the consent ledger's latest word per channel, falling back to
/// what the booking form said. So an opt-out after booking stops every later message.
/// </summary>
public sealed class Recipients(ConsentLedger ledger)
{
    public async Task<RecipientPreferences> ResolveAsync(Customer customer, CancellationToken ct)
    {
        var emailRead = ReadAsync(customer.Email is { } address ? ContactKey.ForEmail(address) : null, ct);
        var phoneRead = ReadAsync(customer.Phone is { } number ? ContactKey.ForPhone(number) : null, ct);
        var (email, phone) = (await emailRead, await phoneRead);
        var booked = customer.Preferences;
        var emailOptIn = email?.EmailOptIn ?? booked.EmailOptIn;
        var smsOptIn = phone?.SmsOptIn ?? booked.SmsOptIn;

        var choice = new[] { email?.Preferences, phone?.Preferences }.OfType<ContactPreferenceChoice>().MaxBy(c => c.At);
        var preferred = choice?.PreferredChannels ?? FromFlags(booked.PreferredChannels);
        // A preference for a channel the customer has since left is no preference: keep reaching them where they still agree.
        preferred = [.. preferred.Where(c => c == Channel.Email ? emailOptIn : smsOptIn)];
        var language = choice?.Language ?? (booked.Language == ContactLanguage.Es ? Language.Es : Language.En);
        return new RecipientPreferences(emailOptIn, smsOptIn, preferred, language);
    }

    private async Task<ContactCurrent?> ReadAsync(ContactKey? contact, CancellationToken ct) =>
        contact is null ? null : await ledger.ReadCurrentAsync(contact, ct);

    public static RecipientContact ContactOf(Customer customer) => new(customer.Email is not null, customer.Phone is not null);

    /// <summary>The booking form's choices go into the ledger as of the booking's time, so later changes outrank them.</summary>
    public async Task RecordBookingAsync(Appointment appointment, CancellationToken ct)
    {
        var customer = appointment.Customer;
        var at = appointment.CreatedAt.ToDateTimeOffset();
        var actor = "customer:" + appointment.Id.Value;
        var entryId = "booking-" + appointment.Id.Value;
        if (customer.Email is { } email)
        {
            var key = ContactKey.ForEmail(email);
            await ledger.RecordAsync(new ConsentEntry(key.Value, Channel.Email, customer.Preferences.EmailOptIn, ConsentSource.Booking, at, actor,
                AppointmentId: appointment.Id.Value), entryId, ct);
        }
        if (customer.Phone is { } phone)
        {
            var key = ContactKey.ForPhone(phone);
            await ledger.RecordAsync(new ConsentEntry(key.Value, Channel.Sms, customer.Preferences.SmsOptIn, ConsentSource.Booking, at, actor,
                AppointmentId: appointment.Id.Value), entryId, ct);
        }
    }

    public static IReadOnlyList<Channel> FromFlags(ContactChannels flags) =>
        [.. new[] { (ContactChannels.Email, Channel.Email), (ContactChannels.Sms, Channel.Sms) }.Where(p => flags.HasFlag(p.Item1)).Select(p => p.Item2)];

    public static Instant Now(TimeProvider clock) => Instant.FromDateTimeOffset(clock.GetUtcNow());
}
