using AutoShop.Domain;
using AutoShop.Domain.Approvals;
using AutoShop.Domain.Booking;
using AutoShop.Functions.Booking;
using AutoShop.Functions.Booking.Storage;
using AutoShop.Functions.Events;
using AutoShop.Functions.Shops;
using AutoShop.Functions.Storage;
using Microsoft.Extensions.Options;
using NodaTime;

namespace AutoShop.Functions.Approvals;

public abstract record RequestOutcome;
public sealed record RequestCreated(ApprovalRequest Request) : RequestOutcome;
public sealed record RequestInvalid(ValidationError Error) : RequestOutcome;
/// <summary>The appointment already has a request pending about it; the customer waits for that one.</summary>
public sealed record RequestAlreadyPending(ApprovalRequest Pending) : RequestOutcome;

public abstract record DecisionOutcome;
public sealed record DecisionRecorded(ApprovalRequest Request, Appointment Appointment) : DecisionOutcome;
/// <summary>The first decision stands (null when the request simply ran out of time).</summary>
public sealed record AlreadyDecided(ApprovalRequest Request) : DecisionOutcome;
/// <summary>Approving needs a slot that is no longer free: pick one of these or deny.</summary>
public sealed record SlotGone(ApprovalRequest Request, MoveOutcome Why) : DecisionOutcome;

public sealed class ApprovalOptions
{
    public const string Section = "Approvals";

    /// <summary>How long staff have to decide; never past the appointment start.</summary>
    public TimeSpan TimeToDecide { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Comma-separated approver email addresses.</summary>
    public string Approvers { get; set; } = "";

    public IReadOnlyList<string> ApproverList => [.. Approvers.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}

/// <summary>
/// The exception workflow: request (one pending per appointment), decide (first wins; approval re-checks
/// capacity), expire, and withdraw once the appointment changes under a pending request.
/// </summary>
public sealed class ApprovalService(ApprovalStore store, IScheduleStore schedule, IShopStore shops, AppointmentMoves moves, OutboxRelay relay,
    IOptions<ApprovalOptions> options, TimeProvider clock)
{
    private const int MaxRequestAttempts = 5;
    private const string WithdrawPurpose = "withdraw";
    private static readonly Actor Approvals = Actor.System("approvals");

    public async Task<RequestOutcome> RequestAsync(StoredAppointment current, RequestedChange change, string? customerReason,
        string correlationId, CancellationToken ct)
    {
        var appointment = current.Appointment;
        var zone = DateTimeZoneProviders.Tzdb[appointment.ShopZoneId];
        var date = appointment.Start.InZone(zone).Date;
        for (var attempt = 1; attempt <= MaxRequestAttempts; attempt++)
        {
            var id = AppointmentLocator.NewId(appointment.ShopId, date).Value;
            var created = ApprovalRequest.Create(id, appointment, change, customerReason, Duration.FromTimeSpan(options.Value.TimeToDecide), Now());
            if (!created.TryGetValue(out var request, out var error)) return new RequestInvalid(error);
            var earlier = await store.ListOfAppointmentAsync(AppointmentLocator.Partition(appointment.ShopId, date), appointment.Id, ct);
            if (ApprovalRequest.Blocking(earlier, appointment) is { } pending) return new RequestAlreadyPending(pending);
            var cloudEvent = ApprovalEvents.For(request, appointment, correlationId, request.CreatedAt);
            var audit = ApprovalEvents.Audit(request, appointment, Actor.Customer(appointment.Id.Value), ReasonCode.PolicyException, request.CreatedAt);
            if (!await store.CreateAsync(request, earlier.Count + 1, audit, correlationId, cloudEvent, ct)) continue; // another request got in first: look again
            await relay.RelaySoonAsync(ApprovalStore.PartitionOf(id), cloudEvent, ct);
            return new RequestCreated(request);
        }
        throw new InvalidOperationException($"Exception requests for appointment {appointment.Id} kept colliding under {MaxRequestAttempts} attempts.");
    }

    public async Task<DecisionOutcome> DecideAsync(ApprovalRequest request, bool approve, Actor approver, ReasonCode reason, string? note,
        LocalDateTime? chosenStart, string correlationId, CancellationToken ct)
    {
        if (request.Status != ApprovalStatus.Pending) return new AlreadyDecided(request);
        var current = await schedule.FindAsync(request.AppointmentId, ct) ?? throw new InvalidOperationException($"Appointment {request.AppointmentId} of request {request.Id} is missing.");
        // The appointment changed since the customer asked: the request is moot whatever the approver says.
        if (request.IsOutlivedBy(current.Appointment.Version)) return new AlreadyDecided(await WithdrawAsync(request, current, Approvals, correlationId, ct));
        var pending = ApprovalDto.From(request).ToDomain(); // keep the caller's copy pending if we must give up
        var decided = approve ? request.Approve(approver, reason, note, Now()) : request.Deny(approver, reason, note, Now());
        if (!decided.IsSuccess) return new AlreadyDecided(await ExpireIfDueAsync(pending, current, correlationId, ct));
        if (!await store.ClaimDecisionAsync(request.Id, approver, ct)) return new AlreadyDecided(await store.FindAsync(request.Id, ct) ?? request);
        var appointment = current.Appointment;
        if (approve)
        {
            var moved = await ApplyAsync(request, current, chosenStart, correlationId, ct);
            if (moved is not Moved m)
            {
                await store.ReleaseDecisionAsync(request.Id, ct);
                return new SlotGone(pending, moved);
            }
            appointment = m.Appointment;
        }
        return await FinalizeAsync(request, appointment, approver, reason, correlationId, ct);
    }

    /// <summary>The expiry timer's path: expires a still-pending request once due; returns it as it now stands.</summary>
    public async Task<ApprovalRequest> ExpireIfDueAsync(ApprovalRequest request, StoredAppointment? current, string? correlationId, CancellationToken ct)
    {
        if (request.Status != ApprovalStatus.Pending || Now() < request.ExpiresAt) return request;
        current ??= await schedule.FindAsync(request.AppointmentId, ct);
        // Its appointment changed before the timer came: withdrawn, as the change's event will find it.
        if (current is not null && request.IsOutlivedBy(current.Appointment.Version)) return await WithdrawAsync(request, current, Approvals, correlationId ?? request.Id, ct);
        if (!request.Expire(Now()).IsSuccess) return request;
        var timer = Actor.System("approval-timer");
        if (current is null || !await store.ClaimDecisionAsync(request.Id, timer, ct, purpose: "expire")) return await store.FindAsync(request.Id, ct) ?? request;
        return Standing(await FinalizeAsync(request, current.Appointment, timer, request.Decision!.Reason, correlationId ?? request.Id, ct));
    }

    /// <summary>
    /// After an appointment change (its event): withdraws the requests still pending about an earlier version
    /// of the appointment, on behalf of whoever changed it. They sit in the partition of the day the
    /// appointment was on before the change; each change's event looks there, so a chain of moves leaves
    /// none behind. The approval that made the change holds its request's decision claim, so it is never
    /// withdrawn by its own move.
    /// </summary>
    public async Task WithdrawOutlivedAsync(AppointmentEventData change, string correlationId, CancellationToken ct)
    {
        var data = change.Appointment;
        if (!AppointmentId.TryParse(data.Id).TryGetValue(out var id, out _) || AppointmentLocator.Locate(id) is not { } where) return;
        var local = (change.PreviousStart ?? data.Start).Local;
        var before = NodaTime.Text.LocalDatePattern.Iso.Parse(local.Length >= 10 ? local[..10] : local);
        var partition = AppointmentLocator.Partition(where.Shop, before.Success ? before.Value : where.Date);
        var outlived = (await store.ListOfAppointmentAsync(partition, id, ct))
            .Where(r => r.Status == ApprovalStatus.Pending && r.IsOutlivedBy(data.Version)).ToList();
        if (outlived.Count == 0 || await schedule.FindAsync(id, ct) is not { } current) return;
        var by = Enum.TryParse<ActorKind>(change.Actor.Kind, ignoreCase: true, out var kind) && Actor.TryCreate(kind, change.Actor.Id).TryGetValue(out var actor, out _)
            ? actor : Approvals;
        foreach (var request in outlived) await WithdrawAsync(request, current, by, correlationId, ct);
    }

    /// <summary>Withdraws a pending request; returns it as it now stands (with the decision that stood first, if any).</summary>
    private async Task<ApprovalRequest> WithdrawAsync(ApprovalRequest request, StoredAppointment current, Actor by, string correlationId, CancellationToken ct)
    {
        if (!request.Withdraw(by, Now()).IsSuccess) return request;
        if (!await store.ClaimDecisionAsync(request.Id, by, ct, WithdrawPurpose)) return await store.FindAsync(request.Id, ct) ?? request;
        return Standing(await FinalizeAsync(request, current.Appointment, by, request.Decision!.Reason, correlationId, ct));
    }

    private async Task<MoveOutcome> ApplyAsync(ApprovalRequest request, StoredAppointment current, LocalDateTime? chosenStart, string correlationId, CancellationToken ct)
    {
        var actor = Actor.Approval(request.Id);
        if (request.Change.Action == RequestedAction.Cancel)
            return await moves.CancelAsync(current, actor, request.Change.CancelReason ?? ReasonCode.CustomerRequest, correlationId, ct);
        var setup = await shops.GetAsync(request.ShopId, ct) ?? throw new InvalidOperationException($"Shop {request.ShopId} vanished.");
        return await moves.RescheduleAsync(setup, current, chosenStart ?? request.Change.NewStart!.Value, actor, ReasonCode.PolicyException, correlationId, ct);
    }

    private async Task<DecisionOutcome> FinalizeAsync(ApprovalRequest decided, Appointment appointment, Actor by, ReasonCode? reason, string correlationId, CancellationToken ct)
    {
        var at = decided.Decision!.At;
        var cloudEvent = ApprovalEvents.For(decided, appointment, correlationId, at);
        if (!await store.FinalizeDecisionAsync(decided, ApprovalEvents.Audit(decided, appointment, by, reason, at), correlationId, cloudEvent, ct))
            return new AlreadyDecided(await store.FindAsync(decided.Id, ct) ?? decided);
        await relay.RelaySoonAsync(ApprovalStore.PartitionOf(decided.Id), cloudEvent, ct);
        return new DecisionRecorded(decided, appointment);
    }

    /// <summary>The request as a finished decision left it: the one recorded here, or the one that got there first.</summary>
    private static ApprovalRequest Standing(DecisionOutcome outcome) => outcome switch
    {
        DecisionRecorded recorded => recorded.Request,
        AlreadyDecided already => already.Request,
        _ => throw new InvalidOperationException($"A finished decision cannot be {outcome}."),
    };

    private Instant Now() => Instant.FromDateTimeOffset(clock.GetUtcNow());
}
