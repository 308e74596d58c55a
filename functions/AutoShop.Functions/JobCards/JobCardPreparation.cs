using AutoShop.Domain.Booking;
using AutoShop.Domain.Inventory;
using AutoShop.Domain.JobCards;
using AutoShop.Functions.Inventory;
using AutoShop.Functions.Shops;
using NodaTime;
using NodaTime.Text;

namespace AutoShop.Functions.JobCards;

/// <summary>
/// Keeps job cards and stock in step: applies appointment events to cards, reserves what each card
/// needs, raises procurement for what it cannot get and tells the parts desk. Every step is
/// idempotent, so an event delivered twice, a crash halfway or two instances at once end in the same
/// single card with the same single set of reservations.
/// </summary>
public sealed partial class JobCardPreparation(
    TableJobCardStore cards,
    TableInventoryStore inventory,
    TableProcurementStore procurement,
    PartsDesk partsDesk,
    IShopStore shops,
    TimeProvider clock,
    ILogger<JobCardPreparation> logger)
{
    private const int MaxAttempts = 5;
    private static readonly Actor System = Actor.System("jobcard-events");

    private Instant Now => Instant.FromDateTimeOffset(clock.GetUtcNow());

    /// <summary>Applies one appointment event (unless the card holds it or newer), then checks parts either way.</summary>
    public async Task ApplyAsync(AppointmentFacts facts, string eventId, string correlationId, CancellationToken ct)
    {
        var setup = await shops.GetAsync(facts.ShopId, ct)
            ?? throw new InvalidOperationException($"Event {eventId} names shop {facts.ShopId}, which does not exist.");
        for (var attempt = 1; ; attempt++)
        {
            // A booking's own event normally finds no card (cards are drafted from events), so it tries the
            // draft's insert without reading first; a redelivery, or a later event that got here first, loses
            // the insert and the next attempt reads the card as any other event does.
            var stored = attempt == 1 && facts.Change == "booked" ? null : await cards.FindAsync(facts.AppointmentId, ct);
            var applied = stored is null
                ? new EventApplication(JobCard.Draft(facts, setup.Catalog, eventId, Now), true, null)
                : stored.Card.Apply(facts, setup.Catalog, eventId, Now);
            if (!applied.Applied)
            {
                LogIgnored(logger, eventId, applied.IgnoredBecause ?? "");
                break;
            }
            var next = applied.Card.Saved();
            var action = stored is null ? "jobcard.drafted" : next.Status == JobCardStatus.Voided ? "jobcard.voided" : $"jobcard.{facts.Change}";
            var audit = new PreworkAuditRecord(facts.ShopId, $"jobcard:{facts.AppointmentId}", facts.AppointmentId.Value, next.Revision, System, action,
                null, stored is null ? null : Summary(stored.Card), Summary(next), Now, correlationId);
            if (await cards.SaveAsync(stored, next, [audit], ct) is { } saved)
            {
                LogApplied(logger, eventId, next.Status.ToString());
                // The parts check starts from the card just saved. A card drafted now has never reserved
                // anything (reservations are only made for a stored card, and cards are never deleted),
                // so there is nothing held to look up.
                await CheckPartsAsync(facts.AppointmentId, ct, saved, drafted: stored is null);
                return;
            }
            if (attempt == MaxAttempts) throw new InvalidOperationException($"Job card {facts.AppointmentId} kept changing while applying {eventId}.");
        }
        await CheckPartsAsync(facts.AppointmentId, ct);
    }

    /// <summary>
    /// Reserves what the card needs, releases what it no longer needs, links shortages to procurement
    /// and records the outcome on the card; then queues a notice to the parts desk for each shortage it has
    /// not heard of (sent on the desk's own queue, so a relay outage never fails the card's event).
    /// </summary>
    /// <param name="loaded">The card as just saved, with its ETag (saves a read); null to read it.</param>
    /// <param name="drafted">The card was drafted by this caller's save: it holds no reservations yet.</param>
    public async Task<JobCard?> CheckPartsAsync(AppointmentId id, CancellationToken ct, StoredJobCard? loaded = null, bool drafted = false)
    {
        for (var attempt = 1; ; attempt++)
        {
            var first = attempt == 1 && loaded is { ETag: var etag } && etag != default;
            var stored = first ? loaded! : await cards.FindAsync(id, ct);
            if (stored is null) return null;
            var supply = await ReconcileAsync(stored.Card, ct, holdsNothing: first && drafted);
            var next = stored.Card.WithSupply(supply, Now);
            if (ReferenceEquals(next, stored.Card)) return await NotifyAsync(stored, ct);
            if (await cards.SaveAsync(stored, next.Saved(), [], ct) is { } saved) return await NotifyAsync(saved, ct);
            if (attempt == MaxAttempts) throw new InvalidOperationException($"Job card {id} kept changing while checking parts.");
        }
    }

    /// <summary>Gives received stock to the job cards short of it, earliest appointment first.</summary>
    public async Task<IReadOnlyList<string>> CoverShortagesAsync(ShopId shop, Sku sku, CancellationToken ct)
    {
        var covered = new List<string>();
        foreach (var cardId in await inventory.ShortJobCardsAsync(shop, sku, ct))
        {
            var card = await CheckPartsAsync(AppointmentId.Parse(cardId), ct);
            if (card?.Supply.FirstOrDefault(s => s.Sku == sku) is { Status: PartStatus.Reserved }) covered.Add(cardId);
            var left = await inventory.GetManyAsync(shop, [sku], ct);
            if (left[sku].Available == 0) break;
        }
        return covered;
    }

    private async Task<List<PartSupply>> ReconcileAsync(JobCard card, CancellationToken ct, bool holdsNothing)
    {
        var needs = card.Needs;
        var previous = card.Supply.ToDictionary(s => s.Sku);
        IReadOnlyCollection<Sku> held = holdsNothing ? [] : await inventory.ReservedSkusAsync(card.ShopId, card.AppointmentId.Value, ct);
        var supply = new List<PartSupply>();
        foreach (var sku in needs.Keys.Union(held).Distinct().Order())
        {
            var needed = needs.GetValueOrDefault(sku);
            var known = previous.GetValueOrDefault(sku)?.ProcurementRequestId;
            var result = await inventory.ReserveAsync(card.ShopId, card.AppointmentId.Value, sku, needed, card.Start, ct);
            if (result.Reservation.IsCovered)
            {
                if (known is not null) await procurement.UnlinkAsync(card.ShopId, sku, known, card.AppointmentId.Value, ct);
                else if (needed == 0) await procurement.UnlinkOpenAsync(card.ShopId, sku, card.AppointmentId.Value, ct);
                if (needed > 0) supply.Add(new PartSupply(sku, needed, result.Reservation.Reserved, PartStatus.Reserved, null, null));
                continue;
            }
            var shortage = Shortage.Assess(result.Reservation.Shortfall, result.Stock.LeadTimeDays, Now, card.Start);
            var request = await procurement.LinkAsync(card.ShopId, sku, card.AppointmentId.Value, result.Reservation.Shortfall, card.Start, known, ct);
            supply.Add(new PartSupply(sku, needed, result.Reservation.Reserved,
                request.Status == ProcurementStatus.Ordered ? PartStatus.OnOrder : PartStatus.Short, shortage, request.Id));
        }
        return supply;
    }

    private async Task<JobCard> NotifyAsync(StoredJobCard stored, CancellationToken ct)
    {
        var card = stored.Card;
        var fresh = card.Supply.Where(s => s.Status == PartStatus.Short && !card.NotifiedShortages.Contains(s.Sku.Value)).ToList();
        if (fresh.Count == 0) return card;
        var setup = await shops.GetAsync(card.ShopId, ct);
        var zone = setup?.Shop.Zone ?? DateTimeZone.Utc;
        foreach (var s in fresh)
        {
            var description = setup?.Parts.GetValueOrDefault(s.Sku)?.Description ?? s.Sku.Value;
            await partsDesk.RequestAsync(new ShortageNotice(card.ShopId.Value, card.AppointmentId.Value, s.Sku.Value, description,
                s.Shortage!.Quantity, s.Shortage.Reason, Shown(card.Start, zone), Shown(s.Shortage.ExpectedArrival, zone), s.ProcurementRequestId ?? ""), ct);
            LogNotified(logger, s.Sku.Value, card.AppointmentId.Value);
        }
        // Remember who was told; if a concurrent writer wins, the next check sees the flags missing and
        // queues the notice again, which meets the first one's claim (same dedupe key) and is not sent twice.
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            if (await cards.FindAsync(card.AppointmentId, ct) is not { } latest) return card;
            var marked = fresh.Aggregate(latest.Card, (c, s) => c.WithNotified(s.Sku)).Saved();
            if (await cards.SaveAsync(latest, marked, [], ct) is not null) return marked;
        }
        return card;
    }

    private static string Shown(Instant instant, DateTimeZone zone) =>
        OffsetDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm o<+HH:mm>").Format(instant.InZone(zone).ToOffsetDateTime());

    private static string Summary(JobCard c) =>
        $"status={c.Status} v{c.AppointmentVersion} start={InstantPattern.ExtendedIso.Format(c.Start)} tech={c.TechnicianId} bay={c.BayId} labor={c.Labor.Length} parts={c.Parts.Length}";

    [LoggerMessage(LogLevel.Information, "Applied {EventId} to its job card, now {Status}")]
    private static partial void LogApplied(ILogger logger, string eventId, string status);

    [LoggerMessage(LogLevel.Information, "Ignored {EventId}: {Because}")]
    private static partial void LogIgnored(ILogger logger, string eventId, string because);

    [LoggerMessage(LogLevel.Information, "Queued the parts desk's notice that job card {AppointmentId} is short of {Sku}")]
    private static partial void LogNotified(ILogger logger, string sku, string appointmentId);
}
