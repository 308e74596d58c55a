using System.ComponentModel.DataAnnotations;

namespace AutoShop.Functions.Email;

/// <summary>
/// SMTP relay settings: MailDev locally; Azure Communication Services (smtp.azurecomm.net:587,
/// STARTTLS) or any relay in Azure.
/// </summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    [Required(ErrorMessage = "Email__SmtpHost is required (the SMTP relay's host name).")]
    public string SmtpHost { get; set; } = "";

    [Range(1, 65535, ErrorMessage = "Email__SmtpPort must be a TCP port.")]
    public int SmtpPort { get; set; } = 587;

    /// <summary>Upgrade the connection with STARTTLS (required by ACS); off only for a local MailDev.</summary>
    public bool UseStartTls { get; set; } = true;

    public string? Username { get; set; }

    public string? Password { get; set; }

    [Required(ErrorMessage = "Email__From is required, e.g. \"AutoShop <no-reply@example.com>\".")]
    public string From { get; set; } = "";

    /// <summary>How long one SMTP exchange may take before it counts as a transient failure.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
