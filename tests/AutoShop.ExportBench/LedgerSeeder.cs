using Azure.Data.Tables;
using AutoShop.Domain.Audit;

namespace AutoShop.ExportBench;

/// <summary>Writes a bench ledger into a real table in 100-link batch transactions, several in flight; holds one batch per slot.</summary>
internal static class LedgerSeeder
{
    public const int BatchSize = 100;

    public static async Task SeedAsync(TableClient table, LedgerRows ledger, int parallel, CancellationToken ct)
    {
        var previous = AuditChain.GenesisHash;
        using var slots = new SemaphoreSlim(parallel);
        var inFlight = new List<Task>();
        for (long first = 1; first <= ledger.Count; first += BatchSize)
        {
            var batch = new List<TableTransactionAction>(BatchSize);
            for (var seq = first; seq < first + BatchSize && seq <= ledger.Count; seq++)
            {
                var (row, hash) = ledger.Link(seq, previous);
                previous = hash;
                batch.Add(new TableTransactionAction(TableTransactionActionType.Add, row));
            }
            await slots.WaitAsync(ct);
            inFlight.RemoveAll(t => t.IsCompleted);
            inFlight.Add(SubmitAsync(table, batch, slots, ct));
        }
        await Task.WhenAll(inFlight);
    }

    private static async Task SubmitAsync(TableClient table, List<TableTransactionAction> batch, SemaphoreSlim slots, CancellationToken ct)
    {
        try
        {
            await table.SubmitTransactionAsync(batch, ct);
        }
        finally
        {
            slots.Release();
        }
    }
}
