namespace AutoShop.Functions.Storage;

/// <summary>Tables shared by more than one capability.</summary>
public static class TableNames
{
    /// <summary>Shop setup: PartitionKey = shop id; RowKeys <c>shop</c>, <c>tech|…</c>, <c>bay|…</c>, <c>tool|…</c>, <c>service|…</c>, <c>part|…</c>.</summary>
    public const string Shops = "shops";

    /// <summary>
    /// The schedule: PartitionKey = <c>{shopId}|{local date}</c>. Appointments, their resource claims,
    /// audit records and outbox events of one shop-day commit together in one transaction.
    /// </summary>
    public const string Schedule = "schedule";

    public const string ShopRowKey = "shop";
    public const string OutboxPrefix = "outbox|";

    public static string OutboxRowKey(string eventId) => OutboxPrefix + eventId;
}
