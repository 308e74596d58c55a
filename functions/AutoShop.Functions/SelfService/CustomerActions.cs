using System.Collections.Frozen;
using AutoShop.Domain.Approvals;
using AutoShop.Domain.Booking;
using AutoShop.Domain.SelfService;
using AutoShop.Functions.Approvals;
using AutoShop.Functions.Booking;
using AutoShop.Functions.Booking.Storage;
using AutoShop.Functions.Links;
using AutoShop.Functions.Shops;
using NodaTime;

namespace AutoShop.Functions.SelfService;

/// <summary>An appointment reached through a valid manage link, with what the customer may do to it.</summary>
public sealed record ManageContext(string Token, StoredAppointment Current, ShopSetup Setup, SelfServicePolicy Policy)
{
    public Appointment Appointment => Current.Appointment;
}

public abstract record CustomerOutcome;
public sealed record CustomerDone(Appointment Appointment, string What) : CustomerOutcome;
public sealed record CustomerStale(Appointment Current) : CustomerOutcome;
public sealed record CustomerOutsidePolicy(PolicyVerdict Verdict) : CustomerOutcome;
public sealed record CustomerMoveFailed(MoveOutcome Why) : CustomerOutcome;
public sealed record CustomerInvalid(string Field, string Message) : CustomerOutcome;
public sealed record CustomerRequested(ApprovalRequest Request) : CustomerOutcome;
/// <summary>An exception request about this appointment is already waiting for the shop.</summary>
public sealed record CustomerAlreadyRequested(ApprovalRequest Pending) : CustomerOutcome;

/// <summary>What a customer can do through their link: reschedule and cancel within policy, or ask for an exception.</summary>
public sealed class CustomerActions(LinkTokens tokens, IScheduleStore schedule, IShopStore shops, PolicyStore policies,
    AppointmentMoves moves, ApprovalService approvals, TimeProvider clock)
{
    /// <summary>Reasons a customer may give for cancelling (a documented subset of the vocabulary).</summary>
    public static readonly FrozenSet<string> CustomerCancelReasons =
        new[] { "customer-request", "schedule-conflict", "vehicle-not-ready", "weather", "duplicate", "other" }.ToFrozenSet();

    public async Task<(LinkProblem Problem, ManageContext? Context)> ResolveAsync(string token, CancellationToken ct)
    {
        var problem = tokens.Verify(token, LinkPurpose.Manage, out var claims);
        if (problem != LinkProblem.None) return (problem, null);
        if (!AppointmentId.TryParse(claims.Subject).TryGetValue(out var id, out _)) return (LinkProblem.Malformed, null);
        var current = await schedule.FindAsync(id, ct);
        if (current is null) return (LinkProblem.Malformed, null);
        var setup = await shops.GetAsync(current.Appointment.ShopId, ct) ?? throw new InvalidOperationException($"Shop {current.Appointment.ShopId} vanished.");
        return (LinkProblem.None, new ManageContext(token, current, setup, await policies.GetAsync(setup.Shop.Id, ct)));
    }

    public async Task<CustomerOutcome> RescheduleAsync(ManageContext context, LocalDateTime start, int version, string correlationId, CancellationToken ct)
    {
        if (version != context.Appointment.Version) return new CustomerStale(context.Appointment);
        var verdict = context.Policy.CheckReschedule(context.Appointment, Now());
        if (verdict != PolicyVerdict.Allowed) return new CustomerOutsidePolicy(verdict);
        return await moves.RescheduleAsync(context.Setup, context.Current, start, Actor.Customer(context.Appointment.Id.Value), ReasonCode.CustomerRequest, correlationId, ct) switch
        {
            Moved m => new CustomerDone(m.Appointment, "rescheduled"),
            var failed => new CustomerMoveFailed(failed),
        };
    }

    public async Task<CustomerOutcome> CancelAsync(ManageContext context, string? reasonCode, int version, string correlationId, CancellationToken ct)
    {
        if (version != context.Appointment.Version) return new CustomerStale(context.Appointment);
        if (reasonCode is null || !CustomerCancelReasons.Contains(reasonCode)) return new CustomerInvalid("reasonCode", "choose one of the listed reasons.");
        var verdict = context.Policy.CheckCancel(context.Appointment, Now());
        if (verdict != PolicyVerdict.Allowed) return new CustomerOutsidePolicy(verdict);
        return await moves.CancelAsync(context.Current, Actor.Customer(context.Appointment.Id.Value), ReasonCode.Parse(reasonCode), correlationId, ct) switch
        {
            Moved m => new CustomerDone(m.Appointment, "cancelled"),
            var failed => new CustomerMoveFailed(failed),
        };
    }

    public async Task<CustomerOutcome> RequestExceptionAsync(ManageContext context, RequestedChange change, string? reason, int version, string correlationId, CancellationToken ct)
    {
        if (version != context.Appointment.Version) return new CustomerStale(context.Appointment);
        if (change.Action == RequestedAction.Cancel && (change.CancelReason is not { } r || !CustomerCancelReasons.Contains(r.Value)))
            return new CustomerInvalid("reasonCode", "choose one of the listed reasons.");
        return await approvals.RequestAsync(context.Current, change, reason, correlationId, ct) switch
        {
            RequestCreated created => new CustomerRequested(created.Request),
            RequestAlreadyPending pending => new CustomerAlreadyRequested(pending.Pending),
            RequestInvalid invalid => new CustomerInvalid(invalid.Error.Field, invalid.Error.Message),
            var other => throw new InvalidOperationException($"Unexpected request outcome {other}"),
        };
    }

    private Instant Now() => Instant.FromDateTimeOffset(clock.GetUtcNow());
}
