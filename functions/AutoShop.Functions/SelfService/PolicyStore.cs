using System.Collections.Immutable;
using Azure.Data.Tables;
using AutoShop.Domain.Booking;
using AutoShop.Domain.SelfService;
using AutoShop.Functions.Storage;
using NodaTime;

namespace AutoShop.Functions.SelfService;

/// <summary>Self-service policies: PartitionKey = shop id; RowKey <c>shop</c> or <c>service|{code}</c>. Missing rows mean the defaults.</summary>
public sealed class PolicyStore(StorageClients storage)
{
    public const string Table = "policies";

    private TableClient Client => storage.Tables.GetTableClient(Table);

    public async Task<SelfServicePolicy> GetAsync(ShopId shop, CancellationToken ct)
    {
        var shopRules = PolicyRules.Default;
        var perService = ImmutableDictionary.CreateBuilder<ServiceCode, PolicyRules>();
        await foreach (var row in Client.QueryAsync<TableEntity>(e => e.PartitionKey == shop.Value, cancellationToken: ct))
        {
            var rules = Read(row);
            if (row.RowKey == "shop") shopRules = rules;
            else if (row.RowKey.StartsWith("service|", StringComparison.Ordinal)) perService[ServiceCode.Parse(row.RowKey["service|".Length..])] = rules;
        }
        return new SelfServicePolicy(shopRules, perService.ToImmutable());
    }

    public Task SaveAsync(ShopId shop, ServiceCode? service, PolicyRules rules, CancellationToken ct) =>
        Client.UpsertEntityAsync(new TableEntity(shop.Value, service is { } s ? "service|" + s.Value : "shop")
        {
            ["RescheduleWindowHours"] = rules.RescheduleWindow.TotalHours,
            ["CancelWindowHours"] = rules.CancelWindow.TotalHours,
            ["MaxSelfReschedules"] = rules.MaxSelfReschedules,
        }, TableUpdateMode.Replace, ct);

    private static PolicyRules Read(TableEntity row) => new(
        Duration.FromHours(row.GetDouble("RescheduleWindowHours") ?? 24),
        Duration.FromHours(row.GetDouble("CancelWindowHours") ?? 24),
        row.GetInt32("MaxSelfReschedules") ?? 2);
}
