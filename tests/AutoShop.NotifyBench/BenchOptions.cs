using System.Globalization;

namespace AutoShop.NotifyBench;

/// <summary><c>--events 5000 --concurrency 16 --timeout 600</c></summary>
internal sealed record BenchOptions(int Events, int Concurrency, TimeSpan Timeout)
{
    public static BenchOptions Parse(string[] args)
    {
        int Value(string name, int fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
        }

        // 16 = the queue trigger's batchSize (host.json): the app handles at most that many events at once per instance.
        return new BenchOptions(Value("--events", 5000), Value("--concurrency", 16), TimeSpan.FromSeconds(Value("--timeout", 900)));
    }
}
