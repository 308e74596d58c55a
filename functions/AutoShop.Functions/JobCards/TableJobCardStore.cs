using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using AutoShop.Domain.Booking;
using AutoShop.Domain.JobCards;
using AutoShop.Functions.Booking;
using NodaTime;
using NodaTime.Text;

namespace AutoShop.Functions.JobCards;

/// <summary>A job card as loaded, with the ETag an update must present.</summary>
public sealed record StoredJobCard(JobCard Card, ETag ETag);

/// <summary>
/// The <c>jobcards</c> table, PartitionKey = shop id: <c>card|{appointmentId}</c> (the card's document
/// plus columns to filter on), <c>cardv|{appointmentId}|{revision}</c> (an insert-only guard: two
/// writers that loaded the same revision collide on it even where <c>If-Match</c> inside a batch is not
/// enforced, i.e. on Azurite) and <c>audit|…</c> rows, each written in the transaction of the change.
/// </summary>
public sealed class TableJobCardStore(Storage.StorageClients storage)
{
    public const string TableName = "jobcards";
    private const string CardPrefix = "card|";

    private TableClient Table => storage.Tables.GetTableClient(TableName);

    public async Task<StoredJobCard?> FindAsync(AppointmentId id, CancellationToken ct)
    {
        if (AppointmentLocator.Locate(id) is not { } where) return null;
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(where.Shop.Value, CardPrefix + id.Value, cancellationToken: ct);
        return row.HasValue && row.Value is { } r ? new StoredJobCard(Read(r), r.ETag) : null;
    }

    /// <summary>Cards whose appointment starts on a shop-local day (voided ones included).</summary>
    public async Task<IReadOnlyList<JobCard>> ListDayAsync(ShopId shop, LocalDate date, CancellationToken ct)
    {
        var day = LocalDatePattern.Iso.Format(date);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {shop.Value} and RowKey ge {CardPrefix} and RowKey lt {"card}"} and LocalDate eq {day}");
        var result = new List<JobCard>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: ct)) result.Add(Read(row));
        return [.. result.OrderBy(c => c.Start).ThenBy(c => c.AppointmentId)];
    }

    /// <summary>
    /// Saves the next revision of a card with its audit records: the card as stored, with the ETag the
    /// next update must present (default when the service did not say), or null when another writer saved first.
    /// </summary>
    public async Task<StoredJobCard?> SaveAsync(StoredJobCard? current, JobCard next, IEnumerable<PreworkAuditRecord> audit, CancellationToken ct)
    {
        var expected = (current?.Card.Revision ?? 0) + 1;
        if (next.Revision != expected) throw new InvalidOperationException($"Saving revision {next.Revision} over {expected - 1}.");
        var shop = next.ShopId.Value;
        var row = Write(next);
        var actions = new List<TableTransactionAction>
        {
            current is null ? new(TableTransactionActionType.Add, row) : new(TableTransactionActionType.UpdateReplace, row, current.ETag),
            new(TableTransactionActionType.Add, new TableEntity(shop, $"cardv|{next.AppointmentId.Value}|{next.Revision:D6}")),
        };
        actions.AddRange(audit.Select(a => new TableTransactionAction(TableTransactionActionType.Add, a.ToEntity(shop))));
        try
        {
            var responses = (await Table.SubmitTransactionAsync(actions, ct)).Value;
            return new StoredJobCard(next, responses.Count > 0 ? responses[0].Headers.ETag ?? default : default);
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
        {
            return null;
        }
    }

    private static TableEntity Write(JobCard card) => new(card.ShopId.Value, CardPrefix + card.AppointmentId.Value)
    {
        ["Document"] = JsonSerializer.Serialize(card.ToSnapshot(), JobCardStorageJsonContext.Default.JobCardSnapshot),
        ["LocalDate"] = LocalDatePattern.Iso.Format(card.LocalDate),
        ["StartUtc"] = card.Start.ToDateTimeOffset(),
        ["Status"] = card.Status.ToString(),
        ["Readiness"] = card.Readiness.ToString(),
        ["Revision"] = card.Revision,
        ["AppointmentVersion"] = card.AppointmentVersion,
    };

    private static JobCard Read(TableEntity row) => JobCard.Restore(
        JsonSerializer.Deserialize(row.GetString("Document"), JobCardStorageJsonContext.Default.JobCardSnapshot)
            ?? throw new InvalidOperationException($"Job card row {row.RowKey} has no document."));
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JobCardSnapshot))]
internal sealed partial class JobCardStorageJsonContext : JsonSerializerContext;
