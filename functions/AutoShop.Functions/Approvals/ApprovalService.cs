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

/// <summary>The exception workflow: request, decide (first wins; approval re-checks capacity), expire.</summary>
public sealed class ApprovalService(ApprovalStore store, IScheduleStore schedule, IShopStore shops, AppointmentMoves moves, OutboxRelay relay,
    IOptions<ApprovalOptions> options, TimeProvider clock)
{
    public async Task<Result<ApprovalRequest, ValidationError>> RequestAsync(StoredAppointment current, RequestedChange change, string? customerReason,
        string correlationId, CancellationToken ct)
    {
        var appointment = current.Appointment;
        var zone = DateTimeZoneProviders.Tzdb[appointment.ShopZoneId];
        var id = AppointmentLocator.NewId(appointment.ShopId, appointment.Start.InZone(zone).Date).Value;
        var created = ApprovalRequest.Create(id, appointment, change, customerReason, Duration.FromTimeSpan(options.Value.TimeToDecide), Now());
        if (!created.TryGetValue(out var request, out var error)) return error;
        var cloudEvent = ApprovalEvents.For(request, appointment, correlationId, request.CreatedAt);
        await store.CreateAsync(request, ApprovalEvents.Audit(request, appointment, Actor.Customer(appointment.Id.Value), ReasonCode.PolicyException, request.CreatedAt),
            correlationId, cloudEvent, ct);
        await relay.RelaySoonAsync(ApprovalStore.PartitionOf(id), cloudEvent, ct);
        return request;
    }

    public async Task<DecisionOutcome> DecideAsync(ApprovalRequest request, bool approve, Actor approver, ReasonCode reason, string? note,
        LocalDateTime? chosenStart, string correlationId, CancellationToken ct)
    {
        if (request.Status != ApprovalStatus.Pending) return new AlreadyDecided(request);
        var current = await schedule.FindAsync(request.AppointmentId, ct) ?? throw new InvalidOperationException($"Appointment {request.AppointmentId} of request {request.Id} is missing.");
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
        if (!request.Expire(Now()).IsSuccess) return request;
        current ??= await schedule.FindAsync(request.AppointmentId, ct);
        var timer = Actor.System("approval-timer");
        if (current is null || !await store.ClaimDecisionAsync(request.Id, timer, ct)) return await store.FindAsync(request.Id, ct) ?? request;
        var outcome = await FinalizeAsync(request, current.Appointment, timer, request.Decision!.Reason, correlationId ?? request.Id, ct);
        return ((DecisionRecorded)outcome).Request;
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
        await store.FinalizeDecisionAsync(decided, ApprovalEvents.Audit(decided, appointment, by, reason, at), correlationId, cloudEvent, ct);
        await relay.RelaySoonAsync(ApprovalStore.PartitionOf(decided.Id), cloudEvent, ct);
        return new DecisionRecorded(decided, appointment);
    }

    private Instant Now() => Instant.FromDateTimeOffset(clock.GetUtcNow());
}
