using System.Collections.Concurrent;
using AutoShop.Functions.Reporting.Dashboard;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AutoShop.Functions.Tests.Reporting;

/// <summary>
/// Four appointments at the New York shop, booked on Mon 23 Nov 2026 at 09:00 local, and what happened
/// to them by 12:00 that day:
/// a Mon 11:30 (lead 2.5 h) — no-show at 12:00 · b Tue 10:00 (25 h) — cancelled by staff at 11:00 for a
/// customer request (23 h ahead: late) · c Wed 09:00 (48 h) — cancelled at 11:00, parts unavailable
/// (46 h ahead) · d Wed 10:00 (49 h) — booked. All oil changes (30 min). a's customer name and notes
/// hold the values CSV writers get wrong. Every log line the app writes is kept.
/// </summary>
public sealed class ReportingWeek : IAsyncLifetime
{
    public const string SigningKey = "test-dashboard-link-signing-key-0123456789";
    public const string TrickyName = "Zoë \"Bob\" O'Brien, Jr.";
    public const string TrickyNotes = "=HYPERLINK(\"http://evil.example\",\"x\"), rattles\nat 60 mph; Müller 東京";

    internal ShopScenario Scenario { get; private set; } = null!;
    public string A { get; private set; } = "";
    public string B { get; private set; } = "";
    public string C { get; private set; } = "";
    public string D { get; private set; } = "";
    public ConcurrentQueue<string> Logs { get; } = new();

    public async ValueTask InitializeAsync()
    {
        Scenario = await ShopScenario.StartAsync(new DateTimeOffset(2026, 11, 23, 14, 0, 0, TimeSpan.Zero),
            app => app.Settings["Reporting:DashboardSigningKey"] = SigningKey,
            services => services.AddSingleton<ILoggerProvider>(new CapturingLoggerProvider(Logs)));
        A = await Scenario.BookAsync("2026-11-23T11:30", name: TrickyName, notes: TrickyNotes);
        B = await Scenario.BookAsync("2026-11-24T10:00");
        C = await Scenario.BookAsync("2026-11-25T09:00");
        D = await Scenario.BookAsync("2026-11-25T10:00");
        Scenario.Clock.Advance(TimeSpan.FromHours(2));
        await Scenario.ChangeAsync(B, "cancel", "customer-request");
        await Scenario.ChangeAsync(C, "cancel", "parts-unavailable");
        Scenario.Clock.Advance(TimeSpan.FromHours(1));
        await Scenario.ChangeAsync(A, "no-show", "no-show");
        await Scenario.WaitForLedgerAsync(7);
    }

    public ValueTask DisposeAsync() => Scenario.DisposeAsync();

    public DashboardLinks Links => Scenario.App.Services.GetRequiredService<DashboardLinks>();
}

/// <summary>Keeps every formatted log line (with its state) so tests can look for what must never be logged.</summary>
internal sealed class CapturingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Capturing(categoryName, lines);

    public void Dispose()
    {
    }

    private sealed class Capturing(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            lines.Enqueue($"{category} scope: {state}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{category} {logLevel}: {formatter(state, exception)} {state} {exception}");
    }
}
