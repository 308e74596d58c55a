using System.Globalization;

namespace AutoShop.NotifyBench;

/// <summary><c>--events 5000 --concurrency 16 --rate 0 --no-reminders --timeout 900</c></summary>
/// <param name="Rate">Events published per second; 0 publishes them all at once (a burst).</param>
/// <param name="Reminders">
/// Plan the 24h/2h reminders too (two delayed timer messages per booking). Azurite keeps every
/// queue message of an account in one in-memory collection and scans it on each receive, so
/// thousands of parked timers slow every queue in the emulator (Azure Storage does not behave so).
/// </param>
internal sealed record BenchOptions(int Events, int Concurrency, int Rate, bool Reminders, TimeSpan Timeout)
{
    public static BenchOptions Parse(string[] args)
    {
        int Value(string name, int fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
        }

        // 16 = the queue trigger's batchSize (host.json): the app handles at most that many events at once per instance.
        return new BenchOptions(Value("--events", 5000), Value("--concurrency", 16), Value("--rate", 0), !args.Contains("--no-reminders"), TimeSpan.FromSeconds(Value("--timeout", 900)));
    }
}
