namespace AutoShop.Domain.Reporting;

/// <summary>
/// A shop's KPIs over whole shop-local days, computed from stored appointments and their audit
/// records (never from logs). Rates are null when their denominator is zero; hours are rounded to
/// two decimals, rates and ratios to four. <see cref="KpiDefinitions"/> holds every definition.
/// </summary>
/// <param name="LateWindowHours">A change closer than this to the start is "late" (24 h unless configured).</param>
/// <param name="Appointments">Appointments whose current start falls on a day of the period, any status: the denominator of the rates.</param>
public sealed record KpiReport(
    string ShopId, string TimeZone, string From, string To, double LateWindowHours, int Appointments,
    LeadTimeFigures LeadTime, CancellationFigures Cancellations, RescheduleFigures Reschedules,
    NoShowFigures NoShows, UtilizationFigures Utilization, ChangeImpactFigures ChangeImpact);

/// <summary>Booking lead time: from when an appointment was created to its current start.</summary>
/// <param name="MedianHours">Nearest-rank median: the smallest lead time that at least half of them do not exceed.</param>
/// <param name="P90Hours">Nearest-rank 90th percentile: the smallest lead time that at least 90% of them do not exceed.</param>
/// <param name="Histogram">Counts per fixed bucket, lower bound inclusive: &lt;1d, 1–3d, 3–7d, 7–14d, 14–30d, ≥30d.</param>
public sealed record LeadTimeFigures(int Count, double? MedianHours, double? P90Hours, IReadOnlyList<HistogramBucket> Histogram);

/// <summary>One histogram bucket, [FromHours, ToHours); ToHours is null for the open last bucket.</summary>
public sealed record HistogramBucket(string Label, double FromHours, double? ToHours, int Count);

/// <summary>A count per key (a reason code, an actor kind), most frequent first.</summary>
public sealed record CountBy(string Key, int Count);

/// <summary>Cancelled appointments of the period.</summary>
/// <param name="Count">Appointments of the period whose status is cancelled.</param>
/// <param name="Rate">Count ÷ appointments of the period.</param>
/// <param name="Late">Cancellations made less than the late window before the start (or after it).</param>
/// <param name="LateRate">Late ÷ appointments of the period.</param>
/// <param name="ByReason">Cancellations per reason code.</param>
/// <param name="ByActorKind">Cancellations per kind of actor who cancelled: customer, staff, system, approval.</param>
public sealed record CancellationFigures(int Count, double? Rate, int Late, double? LateRate, IReadOnlyList<CountBy> ByReason, IReadOnlyList<CountBy> ByActorKind);

/// <summary>Reschedules of the period's appointments, counted from their <c>rescheduled</c> audit records.</summary>
/// <param name="Reschedules">Rescheduled records of appointments of the period.</param>
/// <param name="AppointmentsRescheduled">Appointments of the period rescheduled at least once.</param>
/// <param name="Rate">AppointmentsRescheduled ÷ appointments of the period.</param>
/// <param name="PerAppointment">Reschedules ÷ appointments of the period.</param>
/// <param name="ByActorKind">Reschedules per kind of actor: customer, staff, approval, system.</param>
public sealed record RescheduleFigures(int Reschedules, int AppointmentsRescheduled, double? Rate, double? PerAppointment, IReadOnlyList<CountBy> ByActorKind);

/// <summary>Appointments the customer did not come to.</summary>
/// <param name="Count">Appointments of the period marked as a no-show.</param>
/// <param name="Expected">Appointments of the period that were not cancelled: the visits the shop expected.</param>
/// <param name="Rate">Count ÷ Expected.</param>
public sealed record NoShowFigures(int Count, int Expected, double? Rate);

/// <summary>
/// Booked labor hours ÷ shift hours. Booked labor: labor minutes of appointments not cancelled
/// (booked, checked in, completed, no-show) on the technician and shop-local day they start. Shift
/// hours: the technician's weekly shifts that day less time off and shop closures, in elapsed time
/// (a shift spanning a DST change is an hour shorter or longer).
/// </summary>
public sealed record UtilizationFigures(UtilizationCell Shop, IReadOnlyList<TechnicianUtilization> Technicians);

/// <summary>Booked and shift hours and their ratio (null without shift hours).</summary>
public sealed record UtilizationCell(double BookedHours, double ShiftHours, double? Ratio);

/// <summary>One technician's utilization over the period, per day and per ISO week.</summary>
/// <param name="Weeks">ISO weeks (Monday first) touching the period; only the period's days count.</param>
public sealed record TechnicianUtilization(string TechnicianId, string Name, UtilizationCell Total,
    IReadOnlyList<UtilizationPeriod> Days, IReadOnlyList<UtilizationPeriod> Weeks);

/// <summary>A day (Start = End) or an ISO week (Start = its Monday, End = its Sunday).</summary>
public sealed record UtilizationPeriod(string Start, string End, double BookedHours, double ShiftHours, double? Ratio);

/// <summary>Technician time released by cancellations and reschedules of slots starting in the period, and how much later bookings took again.</summary>
public sealed record ChangeImpactFigures(FreedTime Total, FreedTime ByCancellation, FreedTime ByReschedule);

/// <summary>Released technician time.</summary>
/// <param name="Slots">Slots released: one per cancellation, one per reschedule (its previous slot).</param>
/// <param name="Hours">Length of the released slots.</param>
/// <param name="InsideWindow">Slots released less than the late window before their start.</param>
/// <param name="Refilled">Released slots overlapped by a later booking: another appointment, same technician, created after the release, not cancelled.</param>
/// <param name="RefilledHours">The released time such bookings cover (overlaps counted once).</param>
public sealed record FreedTime(int Slots, double Hours, int InsideWindow, double InsideWindowHours, int Refilled, double RefilledHours);
