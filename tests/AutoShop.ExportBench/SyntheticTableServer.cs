using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using AutoShop.Domain.Audit;
using AutoShop.Testing;

namespace AutoShop.ExportBench;

/// <summary>
/// A loopback endpoint that answers Table service queries the way the service does — JSON pages of
/// at most 1,000 entities with OData type annotations and continuation headers — generating each
/// bench ledger's links on the fly. It holds nothing but the page being written, so a million-row
/// export can be measured where Azurite cannot hold one partition that large (see README). The
/// links carry a stand-in hash (the export copies hashes, it does not check them), which keeps the
/// endpoint's share of the shared CPU small.
/// </summary>
internal sealed partial class SyntheticTableServer : IAsyncDisposable
{
    private const int PageSize = 1000;
    private readonly HttpListener listener = new();
    private readonly Dictionary<string, LedgerRows> ledgers;
    private readonly Task serving;
    private readonly Dictionary<string, ChainLinkFields> templates;

    public SyntheticTableServer(IEnumerable<LedgerRows> ledgers)
    {
        this.ledgers = ledgers.ToDictionary(l => l.Shop.Value);
        templates = this.ledgers.ToDictionary(l => l.Key, l => l.Value.Template());
        var port = LoopbackPorts.GetFree(1)[0];
        Endpoint = new Uri($"http://127.0.0.1:{port}/devstoreaccount1");
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        serving = Task.Run(ServeAsync);
    }

    public Uri Endpoint { get; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Testing.Storage.AzuriteServer.AccountKey};TableEndpoint={Endpoint};BlobEndpoint={Endpoint};QueueEndpoint={Endpoint};";

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        await serving;
        listener.Close();
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return; // stopped
            }
            await AnswerAsync(context);
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var query = context.Request.QueryString;
        var shop = PartitionOf().Match(query["$filter"] ?? "").Groups[1].Value;
        if (!ledgers.TryGetValue(shop, out var ledger))
        {
            context.Response.StatusCode = 404;
            context.Response.Close();
            return;
        }
        var first = query["NextRowKey"] is { } next ? long.Parse(next, CultureInfo.InvariantCulture) : 1;
        var last = Math.Min(first + PageSize - 1, ledger.Count);
        var response = context.Response;
        response.ContentType = "application/json;odata=minimalmetadata;streaming=true;charset=utf-8";
        response.Headers["x-ms-version"] = "2019-02-02";
        if (last < ledger.Count)
        {
            response.Headers["x-ms-continuation-NextPartitionKey"] = shop;
            response.Headers["x-ms-continuation-NextRowKey"] = AuditChainRowsKey(last + 1);
        }
        await using (var json = new Utf8JsonWriter(response.OutputStream))
        {
            json.WriteStartObject();
            json.WriteString("odata.metadata", $"{Endpoint}/$metadata#auditchain");
            json.WriteStartArray("value");
            for (var seq = first; seq <= last; seq++)
            {
                Write(json, ledger.UnchainedLink(seq, templates[shop]));
                if (json.BytesPending > 32 * 1024) await json.FlushAsync();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        response.Close();
    }

    private static string AuditChainRowsKey(long sequence) => sequence.ToString("D12", CultureInfo.InvariantCulture);

    private static void Write(Utf8JsonWriter json, TableEntity row)
    {
        json.WriteStartObject();
        json.WriteString("odata.etag", "W/\"datetime'2026-11-23T05%3A00%3A00.0000000Z'\"");
        json.WriteString("PartitionKey", row.PartitionKey);
        json.WriteString("RowKey", row.RowKey);
        json.WriteString("Timestamp", "2026-11-23T05:00:00.0000000Z");
        foreach (var (name, value) in row)
        {
            switch (value)
            {
                case string s when name is not ("PartitionKey" or "RowKey" or "odata.etag"):
                    json.WriteString(name, s);
                    break;
                case long l:
                    json.WriteString(name + "@odata.type", "Edm.Int64");
                    json.WriteString(name, l.ToString(CultureInfo.InvariantCulture));
                    break;
                case DateTimeOffset d:
                    json.WriteString(name + "@odata.type", "Edm.DateTime");
                    json.WriteString(name, d.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
                    break;
            }
        }
        json.WriteEndObject();
    }

    [GeneratedRegex("PartitionKey eq '([^']+)'")]
    private static partial Regex PartitionOf();
}
