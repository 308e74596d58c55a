namespace AutoShop.Functions.Tests.Support;

/// <summary>
/// Temporary: hands each test its own Azurite account (AZURITE_ACCOUNTS), so tests that share one
/// emulator never see each other's queues, tables or timer claims.
/// </summary>
public static class TestStorage
{
    private static int next;

    public static string NewAccount()
    {
        var n = Interlocked.Increment(ref next);
        var account = $"test{n:000}";
        const string key = "YXV0b3Nob3AtdGVzdC1hY2NvdW50LWtleS0wMDAwMDA=";
        return $"DefaultEndpointsProtocol=http;AccountName={account};AccountKey={key};" +
               $"BlobEndpoint=http://127.0.0.1:20000/{account};QueueEndpoint=http://127.0.0.1:20001/{account};TableEndpoint=http://127.0.0.1:20002/{account};";
    }
}
