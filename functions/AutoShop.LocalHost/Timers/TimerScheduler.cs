using AutoShop.Functions.Hosting;
using AutoShop.Functions.Hosting.Catalog;
using AutoShop.Functions.Storage;

namespace AutoShop.LocalHost.Timers;

/// <summary>
/// The local host's timer trigger: six-field NCRONTAB schedules in UTC on the injected clock;
/// several instances may run, and each occurrence runs once (<see cref="TimerOccurrenceClaims"/>).
/// As in Azure Functions, a failed occurrence is logged and not retried.
/// </summary>
public sealed partial class TimerScheduler(
    FunctionCatalog catalog,
    FunctionInvoker invoker,
    TimerOccurrenceClaims claims,
    StorageProvisioner provisioner,
    FunctionSwitches switches,
    IConfiguration configuration,
    TimeProvider clock,
    ILogger<TimerScheduler> logger) : BackgroundService
{
    private readonly string instanceId = Guid.NewGuid().ToString("n");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.TriggersOn()) return;
        await provisioner.Ready.WaitAsync(stoppingToken);
        await Task.WhenAll(switches.Enabled(catalog.Of<TimerFunctionTrigger>()).Select(f => RunScheduleAsync(f, stoppingToken)));
    }

    private async Task RunScheduleAsync(FunctionDefinition function, CancellationToken ct)
    {
        var cron = ((TimerFunctionTrigger)function.Trigger).Cron();
        var now = clock.GetUtcNow();
        while (!ct.IsCancellationRequested)
        {
            var next = cron.GetNextOccurrence(now, TimeZoneInfo.Utc);
            if (next is null) return;
            var wait = next.Value - clock.GetUtcNow();
            if (wait > TimeSpan.Zero) await Task.Delay(wait, clock, ct);
            now = next.Value;
            try
            {
                if (!await claims.TryClaimAsync(function.Name, next.Value, instanceId, ct)) continue;
                var pastDue = clock.GetUtcNow() - next.Value > TimeSpan.FromMinutes(1);
                await invoker.InvokeTimerAsync(function, new TimerInvocation(function.Name, next.Value, pastDue), ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                LogOccurrenceFailed(logger, ex, function.Name, next.Value);
            }
        }
    }

    [LoggerMessage(LogLevel.Error, "Timer {FunctionName} failed for its occurrence at {Occurrence}")]
    private static partial void LogOccurrenceFailed(ILogger logger, Exception exception, string functionName, DateTimeOffset occurrence);
}
