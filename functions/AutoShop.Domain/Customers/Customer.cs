namespace AutoShop.Domain.Customers;

/// <summary>The person who booked, as they gave themselves. Customers have no account: this travels with the appointment.</summary>
public sealed record Customer
{
    public const int MaxNameLength = 100;

    private Customer(string name, EmailAddress? email, PhoneNumber? phone, ContactPreferences preferences)
    {
        Name = name;
        Email = email;
        Phone = phone;
        Preferences = preferences;
    }

    public string Name { get; }

    public EmailAddress? Email { get; }

    public PhoneNumber? Phone { get; }

    public ContactPreferences Preferences { get; }

    /// <summary>A customer must be reachable somehow, and can only opt into a channel we have an address for.</summary>
    public static Result<Customer, ValidationError> TryCreate(
        string? name, EmailAddress? email, PhoneNumber? phone, ContactPreferences preferences)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed))
            return new ValidationError("name", "is required.");
        if (trimmed.Length > MaxNameLength)
            return new ValidationError("name", $"must be at most {MaxNameLength} characters.");
        if (trimmed.Any(char.IsControl))
            return new ValidationError("name", "must not contain control characters.");
        if (email is null && phone is null)
            return new ValidationError("email", "or a phone number is required so we can confirm the booking.");
        if (preferences.EmailOptIn && email is null)
            return new ValidationError("email", "is required to opt in to email.");
        if (preferences.SmsOptIn && phone is null)
            return new ValidationError("phone", "is required to opt in to SMS.");
        return new Customer(trimmed, email, phone, preferences);
    }
}
