using System.Diagnostics.CodeAnalysis;
using System.Text;
using AutoShop.Domain.Customers;
using AutoShop.Domain.Notifications;

namespace AutoShop.Functions.Notifications.Consent;

/// <summary>
/// A normalised contact, the ledger's partition: <c>email:{address, lower case}</c> or
/// <c>phone:{E.164}</c>. Characters a table key cannot hold (<c>/ \ # ?</c>, legal in an email's
/// local part) are percent-encoded.
/// </summary>
public sealed record ContactKey(string Value, Channel Channel, string Address)
{
    public static ContactKey ForEmail(EmailAddress email)
    {
        var address = email.Value.ToLowerInvariant();
        return new ContactKey("email:" + Escape(address), Channel.Email, address);
    }

    public static ContactKey ForPhone(PhoneNumber phone) => new("phone:" + phone.E164, Channel.Sms, phone.E164);

    public static bool TryEmail(string? text, [NotNullWhen(true)] out ContactKey? key)
    {
        key = EmailAddress.TryParse(text).TryGetValue(out var email, out _) ? ForEmail(email) : null;
        return key is not null;
    }

    /// <summary>Numbers without '+' are read as US numbers; Event Grid sends E.164 digits without the '+'.</summary>
    public static bool TryPhone(string? text, [NotNullWhen(true)] out ContactKey? key)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length > 10 && trimmed.All(char.IsAsciiDigit)) trimmed = "+" + trimmed;
        key = PhoneNumber.TryParse(trimmed, "US").TryGetValue(out var phone, out _) ? ForPhone(phone) : null;
        return key is not null;
    }

    private static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '%' or '/' or '\\' or '#' or '?' || char.IsControl(c)) builder.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            else builder.Append(c);
        }
        return builder.ToString();
    }

    public override string ToString() => Value;
}
