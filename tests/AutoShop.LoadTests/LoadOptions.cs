using System.Globalization;

namespace AutoShop.LoadTests;

/// <summary>
/// Command line: <c>--seconds 30 --clients 32 [--max-requests N] [--app path.dll] [--seed N] [--idempotency-keys] [--shop-copies 10] [--warmup 3] [--app-setting Key=Value]... [--single-azurite] [--api-only] [--take-alternatives]</c>.
/// Azurite runs one process per storage service unless <c>--single-azurite</c> puts all three in one.
/// <c>--api-only</c> measures the booking API as a dedicated API app would serve it: the app's event
/// consumers are switched off (<c>AzureWebJobs.FanOutAppointmentEvents.Disabled</c>), so every event
/// waits on <c>appointment-events</c>, where the tool counts them afterwards.
/// <c>--take-alternatives</c>: a customer whose random slot is refused books the first of the 409's
/// alternatives, as the booking page offers them (every request still counts as an answer).
/// Each phase first runs <c>--warmup</c> seconds unmeasured (JIT, connection pools).
/// <c>--shop-copies N</c> (default 10) seeds N copies of each demo shop (same staff, bays and hours under new
/// ids), so a 30-second run measures the booking path rather than two demo shops running out of free slots
/// (<c>--shop-copies 1</c>: the demo seed alone).
/// </summary>
public sealed record LoadOptions(int Seconds, int Clients, int MaxRequests, string? AppPath, int Seed, bool IdempotencyKeys, int ShopCopies, int WarmupSeconds,
    IReadOnlyDictionary<string, string> AppSettings, bool SingleAzurite = false, bool ApiOnly = false, bool TakeAlternatives = false)
{
    public static LoadOptions Parse(string[] args)
    {
        var options = new LoadOptions(Seconds: 30, Clients: 32, MaxRequests: 200_000, AppPath: null, Seed: 2026, IdempotencyKeys: false, ShopCopies: 10, WarmupSeconds: 3,
            AppSettings: new Dictionary<string, string>());
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int Number() => int.Parse(Next(), NumberStyles.None, CultureInfo.InvariantCulture) is var n and > 0
                ? n : throw new ArgumentException($"{args[i - 1]} must be a positive whole number.");
            options = args[i] switch
            {
                "--seconds" => options with { Seconds = Number() },
                "--clients" => options with { Clients = Number() },
                "--max-requests" => options with { MaxRequests = Number() },
                "--app" => options with { AppPath = Path.GetFullPath(Next()) },
                "--seed" => options with { Seed = Number() },
                "--idempotency-keys" => options with { IdempotencyKeys = true },
                "--shop-copies" => options with { ShopCopies = Number() },
                "--warmup" => options with { WarmupSeconds = Number() },
                "--app-setting" => options with { AppSettings = Setting(options.AppSettings, Next()) },
                "--single-azurite" => options with { SingleAzurite = true },
                "--take-alternatives" => options with { TakeAlternatives = true },
                "--api-only" => options with { ApiOnly = true, AppSettings = Setting(options.AppSettings, "AzureWebJobs__FanOutAppointmentEvents__Disabled=true") },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'. Use --seconds, --clients, --max-requests, --app, --seed, --idempotency-keys, --shop-copies, --warmup, --app-setting, --single-azurite, --api-only, --take-alternatives."),
            };
        }
        return options;
    }

    public TimeSpan Duration => TimeSpan.FromSeconds(Seconds);

    /// <summary>Extra environment for the app, e.g. <c>Logging__LogLevel__Default=Warning</c>, to compare configurations.</summary>
    private static Dictionary<string, string> Setting(IReadOnlyDictionary<string, string> settings, string pair)
    {
        var at = pair.IndexOf('=', StringComparison.Ordinal);
        if (at <= 0) throw new ArgumentException($"--app-setting takes Key=Value, got '{pair}'.");
        return new Dictionary<string, string>(settings) { [pair[..at]] = pair[(at + 1)..] };
    }

    public LoadOptions Warmup => this with { Seconds = WarmupSeconds, Seed = Seed + 7919 };
}
