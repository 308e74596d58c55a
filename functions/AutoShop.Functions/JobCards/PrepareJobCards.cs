using AutoShop.Domain.Booking;
using AutoShop.Domain.JobCards;
using AutoShop.Functions.Booking;
using AutoShop.Functions.Events;
using AutoShop.Functions.Hosting.Catalog;
using AutoShop.Functions.Storage;
using NodaTime.Text;
using Microsoft.Azure.Functions.Worker;

namespace AutoShop.Functions.JobCards;

/// <summary>
/// Consumes appointment events from the job cards' own subscriber queue: drafts a card on booking,
/// follows reschedules, voids on cancellation. Deduplicates on the event id and appointment version
/// recorded on the card.
/// </summary>
public sealed partial class PrepareJobCards(JobCardPreparation preparation, ILogger<PrepareJobCards> logger)
{
    public const string Name = "PrepareJobCards";
    public const string Queue = "jobcard-events";

    [Function(Name)]
    public async Task RunAsync([QueueTrigger(Queue, Connection = StorageOptions.Section)] string message, CancellationToken cancellationToken)
    {
        var cloudEvent = CloudEvent.Parse(message);
        if (cloudEvent.Type is not (AppointmentCloudEvents.Created or AppointmentCloudEvents.Updated or AppointmentCloudEvents.Cancelled))
        {
            LogSkipped(logger, cloudEvent.Type, cloudEvent.Id);
            return;
        }
        var facts = Facts(AppointmentCloudEvents.Read(cloudEvent));
        await preparation.ApplyAsync(facts, cloudEvent.Id, cloudEvent.CorrelationId ?? cloudEvent.Id, cancellationToken);
    }

    /// <summary>The event carries the whole appointment after the change, so any single event is enough to build the card.</summary>
    public static AppointmentFacts Facts(AppointmentEventData data)
    {
        // A malformed event is a poison message: say why instead of failing on a null.
        var a = data.Appointment ?? throw new FormatException("The appointment event carries no appointment.");
        var localDate = LocalDatePattern.Iso.Parse(a.Start.Local.Length >= 10 ? a.Start.Local[..10] : a.Start.Local).GetValueOrThrow();
        return new AppointmentFacts(AppointmentId.Parse(a.Id), ShopId.Parse(a.ShopId), a.Version, data.Change,
            InstantPattern.ExtendedIso.Parse(a.Start.Utc).GetValueOrThrow(), InstantPattern.ExtendedIso.Parse(a.End.Utc).GetValueOrThrow(), localDate,
            TechnicianId.Parse(a.TechnicianId), BayId.Parse(a.BayId), [.. a.Services.Select(ServiceCode.Parse)],
            Active: a.Status is not ("cancelled" or "no-show"));
    }

    [LoggerMessage(LogLevel.Debug, "Job cards skip {EventType} {EventId}")]
    private static partial void LogSkipped(ILogger logger, string eventType, string eventId);
}
