using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using AutoShop.Domain.Booking;
using AutoShop.Functions.Booking;
using AutoShop.Functions.JobCards;
using NodaTime;

namespace AutoShop.Functions.Documents;

/// <summary>A stored document's metadata (the bytes are in Blob storage under <see cref="BlobName"/>).</summary>
public sealed record DocumentInfo(string Id, string AppointmentId, string ShopId, DocumentKind Kind, string ContentType, long Size,
    string OriginalName, string FileName, ActorDto UploadedBy, Instant UploadedAt, int Slot)
{
    public string BlobName => $"{ShopId}/{AppointmentId}/{Id}";
}

/// <summary>
/// Metadata in the <c>documents</c> table (PartitionKey = appointment id): <c>doc|{id}</c>, one
/// <c>slot|{n}</c> per stored document — inserted with it, so the per-appointment limit holds however
/// many uploads race — and <c>audit|…</c> rows in the same transactions. Bytes in the <c>documents</c>
/// container under <c>{shopId}/{appointmentId}/{docId}</c>.
/// </summary>
public sealed class TableDocumentStore(Storage.StorageClients storage)
{
    public const string TableName = "documents";
    public const string Container = "documents";
    private const string DocPrefix = "doc|";

    private TableClient Table => storage.Tables.GetTableClient(TableName);

    private BlobContainerClient Blobs => storage.Blobs.GetBlobContainerClient(Container);

    public async Task<IReadOnlyList<DocumentInfo>> ListAsync(AppointmentId appointment, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {appointment.Value} and RowKey ge {DocPrefix} and RowKey lt {"doc}"}");
        var result = new List<DocumentInfo>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: ct)) result.Add(Read(row));
        return [.. result.OrderBy(d => d.UploadedAt).ThenBy(d => d.Id, StringComparer.Ordinal)];
    }

    public async Task<DocumentInfo?> FindAsync(AppointmentId appointment, string id, CancellationToken ct)
    {
        if (!IsId(id)) return null;
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(appointment.Value, DocPrefix + id, cancellationToken: ct);
        return row.HasValue && row.Value is { } r ? Read(r) : null;
    }

    public async Task<Stream> OpenAsync(DocumentInfo doc, CancellationToken ct) =>
        (await Blobs.GetBlobClient(doc.BlobName).DownloadStreamingAsync(cancellationToken: ct)).Value.Content;

    /// <summary>Uploads the bytes, then claims a free slot with the metadata and audit row; false (and the blob removed) when every slot is taken.</summary>
    public async Task<DocumentInfo?> StoreAsync(DocumentInfo doc, byte[] content, int maxFiles, PreworkAuditRecord audit, CancellationToken ct)
    {
        var blob = Blobs.GetBlobClient(doc.BlobName);
        await blob.UploadAsync(new BinaryData(content), new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = doc.ContentType, ContentDisposition = "attachment" },
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
        }, ct);
        var taken = await TakenSlotsAsync(doc.AppointmentId, ct);
        foreach (var slot in Enumerable.Range(0, maxFiles).Where(s => !taken.Contains(s)))
        {
            var stored = doc with { Slot = slot };
            try
            {
                await Table.SubmitTransactionAsync(
                [
                    new(TableTransactionActionType.Add, new TableEntity(doc.AppointmentId, SlotKey(slot)) { ["DocumentId"] = doc.Id }),
                    new(TableTransactionActionType.Add, Write(stored)),
                    new(TableTransactionActionType.Add, audit.ToEntity(doc.AppointmentId)),
                ], ct);
                return stored;
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 409)
            {
                // a concurrent upload took this slot; try the next
            }
        }
        await blob.DeleteIfExistsAsync(cancellationToken: ct);
        return null;
    }

    /// <summary>Removes metadata and slot with an audit row, then the bytes; the audit row stays.</summary>
    public async Task DeleteAsync(DocumentInfo doc, PreworkAuditRecord audit, CancellationToken ct)
    {
        await Table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Delete, new TableEntity(doc.AppointmentId, DocPrefix + doc.Id), ETag.All),
            new(TableTransactionActionType.Delete, new TableEntity(doc.AppointmentId, SlotKey(doc.Slot)), ETag.All),
            new(TableTransactionActionType.Add, audit.ToEntity(doc.AppointmentId)),
        ], ct);
        await Blobs.GetBlobClient(doc.BlobName).DeleteIfExistsAsync(cancellationToken: ct);
    }

    public static bool IsId(string id) => id.Length is > 0 and <= 40 && id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c));

    private async Task<HashSet<int>> TakenSlotsAsync(string appointmentId, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {appointmentId} and RowKey ge {"slot|"} and RowKey lt {"slot}"}");
        var taken = new HashSet<int>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: ct))
            taken.Add(int.Parse(row.RowKey["slot|".Length..], System.Globalization.CultureInfo.InvariantCulture));
        return taken;
    }

    private static string SlotKey(int slot) => $"slot|{slot:D2}";

    private static TableEntity Write(DocumentInfo d) => new(d.AppointmentId, DocPrefix + d.Id)
    {
        ["ShopId"] = d.ShopId,
        ["Kind"] = d.Kind.ToString(),
        ["ContentType"] = d.ContentType,
        ["Size"] = d.Size,
        ["OriginalName"] = d.OriginalName,
        ["FileName"] = d.FileName,
        ["UploaderKind"] = d.UploadedBy.Kind,
        ["UploaderId"] = d.UploadedBy.Id,
        ["UploadedAt"] = d.UploadedAt.ToDateTimeOffset(),
        ["Slot"] = d.Slot,
    };

    private static DocumentInfo Read(TableEntity r) => new(r.RowKey[DocPrefix.Length..], r.PartitionKey, r.GetString("ShopId"),
        Enum.Parse<DocumentKind>(r.GetString("Kind")), r.GetString("ContentType"), r.GetInt64("Size") ?? 0, r.GetString("OriginalName"),
        r.GetString("FileName"), new ActorDto(r.GetString("UploaderKind"), r.GetString("UploaderId")),
        Instant.FromDateTimeOffset(r.GetDateTimeOffset("UploadedAt") ?? DateTimeOffset.MinValue), r.GetInt32("Slot") ?? 0);
}
