using System.Collections.Immutable;
using AutoShop.Domain.Audit;
using AutoShop.Domain.Customers;
using AutoShop.Domain.Vehicles;
using NodaTime;

namespace AutoShop.Domain.Booking;

public enum AppointmentStatus
{
    Booked,
    CheckedIn,
    Completed,
    NoShow,
    Cancelled,
}

public enum BookingSource
{
    Web,
    Phone,
    WalkIn,
}

/// <summary>
/// A booked visit and its life: booked → checked in → completed, or cancelled / no-show.
/// Every change goes through a method that checks the transition, bumps <see cref="Version"/>
/// and returns the event and audit entry storage must write with it. Appointments are never
/// deleted; cancelled and no-show ones stay as history.
/// </summary>
public sealed partial class Appointment
{
    public const int MaxNotesLength = 2000;

    private Appointment(AppointmentId id, ShopId shopId, string shopZoneId, Customer customer, Vehicle vehicle,
        ImmutableArray<ServiceCode> serviceCodes, string? notes, BookingSource source, Instant createdAt)
    {
        Id = id;
        ShopId = shopId;
        ShopZoneId = shopZoneId;
        Customer = customer;
        Vehicle = vehicle;
        ServiceCodes = serviceCodes;
        Notes = notes;
        Source = source;
        CreatedAt = createdAt;
        Resources = null!;
    }

    public AppointmentId Id { get; }

    public ShopId ShopId { get; }

    /// <summary>IANA zone of the shop, stored with the UTC instants so local times can always be recomputed.</summary>
    public string ShopZoneId { get; }

    public Customer Customer { get; private set; }

    public Vehicle Vehicle { get; private set; }

    public ImmutableArray<ServiceCode> ServiceCodes { get; private set; }

    public Instant Start { get; private set; }

    public Instant End { get; private set; }

    public int LaborMinutes { get; private set; }

    public ResourceAllocation Resources { get; private set; }

    public string? Notes { get; private set; }

    public BookingSource Source { get; }

    public AppointmentStatus Status { get; private set; }

    /// <summary>1 when booked, +1 on every change; reminders and links carry it so stale ones are ignored.</summary>
    public int Version { get; private set; }

    public Instant CreatedAt { get; }

    /// <summary>How often the customer moved the appointment themselves (staff moves do not count against self-service limits).</summary>
    public int RescheduleCount { get; private set; }

    public Cancellation? Cancellation { get; private set; }

    public ReasonCode? NoShowReason { get; private set; }

    /// <summary>Whether the appointment still occupies its technician, bay and tools (and counts toward the daily cap).</summary>
    public bool HoldsResources => Status is AppointmentStatus.Booked or AppointmentStatus.CheckedIn or AppointmentStatus.Completed;

    public static Result<AppointmentChange, AppointmentError> Book(AppointmentId id, Shop shop, Assignment assignment,
        Customer customer, Vehicle vehicle, string? notes, BookingSource source, Actor actor, TimeProvider clock)
    {
        var now = Now(clock);
        if (assignment.ShopId != shop.Id)
            return new AssignmentForAnotherShop(shop.Id, assignment.ShopId);
        if (assignment.End <= now)
            return new AssignmentInThePast(assignment.End);
        var cleanNotes = CleanNotes(notes);
        if (!cleanNotes.TryGetValue(out var text, out var problem))
            return new InvalidAppointmentDetails(problem);
        var appointment = new Appointment(id, shop.Id, shop.Zone.Id, customer, vehicle, assignment.ServiceCodes, text, source, now);
        appointment.Assign(assignment);
        appointment.Status = AppointmentStatus.Booked;
        appointment.Version = 1;
        var booked = new AppointmentBooked(id, shop.Id, 1, actor, now, assignment.Start, assignment.End,
            assignment.ServiceCodes, assignment.Resources, source);
        return appointment.Changed(booked, AuditWord.Booked, null, "", now);
    }

    /// <summary>Moves the job to a slot the planner assigned (planned with this appointment's id as <see cref="BookingRequest.Rescheduling"/>).</summary>
    public Result<AppointmentChange, AppointmentError> Reschedule(Assignment assignment, Actor actor, ReasonCode reason, TimeProvider clock)
    {
        var now = Now(clock);
        if (Status != AppointmentStatus.Booked)
            return new InvalidTransition(Status, "reschedule");
        if (now >= Start)
            return new AlreadyStarted(Start);
        if (assignment.ShopId != ShopId)
            return new AssignmentForAnotherShop(ShopId, assignment.ShopId);
        if (assignment.End <= now)
            return new AssignmentInThePast(assignment.End);
        var before = Summary();
        var (previousStart, previousEnd, previousResources) = (Start, End, Resources);
        Assign(assignment);
        ServiceCodes = assignment.ServiceCodes;
        if (actor.Kind == ActorKind.Customer)
            RescheduleCount++;
        Version++;
        return Changed(new AppointmentRescheduled(Id, ShopId, Version, actor, now, previousStart, previousEnd, previousResources,
            Start, End, Resources, reason), AuditWord.Rescheduled, reason, before, now);
    }

    public Result<AppointmentChange, AppointmentError> Cancel(Actor actor, ReasonCode reason, TimeProvider clock)
    {
        var now = Now(clock);
        if (Status != AppointmentStatus.Booked)
            return new InvalidTransition(Status, "cancel");
        var before = Summary();
        Status = AppointmentStatus.Cancelled;
        Cancellation = new Cancellation(reason, actor, now);
        Version++;
        return Changed(new AppointmentCancelled(Id, ShopId, Version, actor, now, reason), AuditWord.Cancelled, reason, before, now);
    }

    public Result<AppointmentChange, AppointmentError> CheckIn(Actor actor, TimeProvider clock)
    {
        var now = Now(clock);
        if (Status != AppointmentStatus.Booked)
            return new InvalidTransition(Status, "check in");
        var before = Summary();
        Status = AppointmentStatus.CheckedIn;
        Version++;
        return Changed(new AppointmentCheckedIn(Id, ShopId, Version, actor, now), AuditWord.CheckedIn, null, before, now);
    }

    public Result<AppointmentChange, AppointmentError> Complete(Actor actor, TimeProvider clock)
    {
        var now = Now(clock);
        if (Status != AppointmentStatus.CheckedIn)
            return new InvalidTransition(Status, "complete");
        var before = Summary();
        Status = AppointmentStatus.Completed;
        Version++;
        return Changed(new AppointmentCompleted(Id, ShopId, Version, actor, now), AuditWord.Completed, null, before, now);
    }

    /// <summary>Only a booked appointment whose start has passed can be a no-show; before that the customer may still come.</summary>
    public Result<AppointmentChange, AppointmentError> MarkNoShow(Actor actor, ReasonCode reason, TimeProvider clock)
    {
        var now = Now(clock);
        if (Status != AppointmentStatus.Booked)
            return new InvalidTransition(Status, "mark as a no-show");
        if (now < Start)
            return new NoShowBeforeStart(Start);
        var before = Summary();
        Status = AppointmentStatus.NoShow;
        NoShowReason = reason;
        Version++;
        return Changed(new AppointmentMarkedNoShow(Id, ShopId, Version, actor, now, reason), AuditWord.MarkedNoShow, reason, before, now);
    }

    /// <summary>The appointment as the scheduler sees it, or null once it no longer holds resources.</summary>
    public ExistingBooking? ToBooking() => HoldsResources ? new ExistingBooking(Id, Start, End, Resources, LaborMinutes) : null;

    internal static string Describe(AppointmentStatus status) => status switch
    {
        AppointmentStatus.CheckedIn => "checked in",
        AppointmentStatus.NoShow => "marked as a no-show",
        _ => status.ToString().ToLowerInvariant(),
    };

    private void Assign(Assignment assignment)
    {
        Start = assignment.Start;
        End = assignment.End;
        Resources = assignment.Resources;
        LaborMinutes = assignment.LaborMinutes;
    }

    private AppointmentChange Changed(AppointmentEvent change, AuditWord action, ReasonCode? reason, string before, Instant now) =>
        new(this, change, new AuditEntry(Id, ShopId, Version, change.Actor, action, reason, before, Summary(), now));

    private string Summary() =>
        $"status={Describe(Status)}; start={Start}; end={End}; services={string.Join(",", ServiceCodes)}; {Resources}";

    private static Result<string?, ValidationError> CleanNotes(string? notes)
    {
        var text = string.IsNullOrWhiteSpace(notes) ? null : notes.Trim();
        return text is { Length: > MaxNotesLength }
            ? new ValidationError("notes", $"must be at most {MaxNotesLength} characters.")
            : Result<string?, ValidationError>.Success(text);
    }

    private static Instant Now(TimeProvider clock) => Instant.FromDateTimeOffset(clock.GetUtcNow());
}

/// <summary>Who cancelled, why and when.</summary>
public sealed record Cancellation(ReasonCode Reason, Actor By, Instant At);
