using NodaTime;

namespace AutoShop.Domain.Booking;

/// <summary>Why a change to an appointment is refused. <see cref="Code"/> is stable for clients; the message is for people.</summary>
public abstract record AppointmentError(string Code, string Message);

public sealed record InvalidTransition(AppointmentStatus Status, string Action)
    : AppointmentError("invalid-transition", $"Cannot {Action} an appointment that is {Appointment.Describe(Status)}.");

public sealed record AlreadyStarted(Instant Start)
    : AppointmentError("already-started", $"The appointment started at {Start}; it can no longer be changed that way.");

public sealed record NoShowBeforeStart(Instant Start)
    : AppointmentError("no-show-before-start", $"A customer can be marked as a no-show only after the start time {Start}.");

public sealed record AssignmentForAnotherShop(ShopId Expected, ShopId Actual)
    : AppointmentError("wrong-shop", $"The new slot belongs to shop {Actual}, not {Expected}.");

public sealed record AssignmentInThePast(Instant End)
    : AppointmentError("in-the-past", $"The slot ended at {End}; book a future one.");

public sealed record InvalidAppointmentDetails(ValidationError Problem)
    : AppointmentError("invalid-details", Problem.ToString());
