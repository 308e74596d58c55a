using AutoShop.Functions.Booking.Storage;
using AutoShop.Functions.Hosting.Catalog;
using AutoShop.Functions.Shops;
using Microsoft.Azure.Functions.Worker;

namespace AutoShop.Functions.Booking;

/// <summary>The sweep that makes cross-day moves recoverable: finishes committed ones, rolls back the rest.</summary>
public sealed partial class ResolveStaleMoves(IScheduleStore schedule, IShopStore shops, TimeProvider clock, ILogger<ResolveStaleMoves> logger)
{
    public const string Name = "ResolveStaleMoves";
    public const string Schedule = "15 * * * * *";

    /// <summary>A live request finishes its move within seconds; anything older was interrupted.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(1);

    [Function(Name)]
    public async Task RunAsync([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken)
    {
        var shopIds = (await shops.ListAsync(cancellationToken)).Select(s => s.Id);
        var resolved = await schedule.ResolveStaleMovesAsync(shopIds, clock.GetUtcNow() - Grace, cancellationToken);
        if (resolved > 0) LogResolved(logger, resolved);
    }

    [LoggerMessage(LogLevel.Warning, "Resolved {Count} interrupted reschedules")]
    private static partial void LogResolved(ILogger logger, int count);
}
