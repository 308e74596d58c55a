using System.ComponentModel.DataAnnotations;

namespace AutoShop.Functions.Storage;

/// <summary>
/// The storage account, read from the same settings the Functions host uses: <c>AzureWebJobsStorage</c>
/// as a connection string locally, or <c>AzureWebJobsStorage__accountName</c> (optionally the
/// per-service URIs and a managed identity client id) for identity-based access in Azure.
/// </summary>
public sealed class StorageOptions : IValidatableObject
{
    public const string Section = "AzureWebJobsStorage";

    public string? ConnectionString { get; set; }
    public string? AccountName { get; set; }
    public Uri? BlobServiceUri { get; set; }
    public Uri? QueueServiceUri { get; set; }
    public Uri? TableServiceUri { get; set; }
    /// <summary>Client id of a user-assigned managed identity; empty uses DefaultAzureCredential's chain.</summary>
    public string? ClientId { get; set; }

    public bool UsesConnectionString => !string.IsNullOrWhiteSpace(ConnectionString);

    public Uri ServiceUri(string service) => service switch
    {
        "blob" => BlobServiceUri ?? AccountUri("blob"),
        "queue" => QueueServiceUri ?? AccountUri("queue"),
        "table" => TableServiceUri ?? AccountUri("table"),
        _ => throw new ArgumentOutOfRangeException(nameof(service)),
    };

    private Uri AccountUri(string service) => new($"https://{AccountName}.{service}.core.windows.net");

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (UsesConnectionString) yield break;
        var hasAllUris = BlobServiceUri is not null && QueueServiceUri is not null && TableServiceUri is not null;
        if (string.IsNullOrWhiteSpace(AccountName) && !hasAllUris)
            yield return new ValidationResult(
                "Set AzureWebJobsStorage (a connection string) or AzureWebJobsStorage__accountName (identity-based access).",
                [Section]);
    }

    /// <summary>Binds the flat host-style keys: the section's own value is the connection string.</summary>
    public static void Bind(StorageOptions options, IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        options.ConnectionString = section.Value;
        options.AccountName = section["accountName"];
        options.BlobServiceUri = AsUri(section["blobServiceUri"]);
        options.QueueServiceUri = AsUri(section["queueServiceUri"]);
        options.TableServiceUri = AsUri(section["tableServiceUri"]);
        options.ClientId = section["clientId"];
    }

    private static Uri? AsUri(string? value) => string.IsNullOrWhiteSpace(value) ? null : new Uri(value);
}
