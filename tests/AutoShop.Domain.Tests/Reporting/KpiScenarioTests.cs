using AutoShop.Domain.Audit;
using AutoShop.Domain.Booking;
using AutoShop.Domain.Reporting;
using NodaTime;
using static AutoShop.Domain.Tests.Booking.TestShop;

namespace AutoShop.Domain.Tests.Reporting;

/// <summary>
/// One hand-built week at a New York shop (Mon 2 – Sun 8 March 2026, before the DST change on the
/// 8th at 02:00, which falls on a day nobody works). Every expected figure is worked out by hand in
/// the comments next to its assertion.
/// </summary>
public class KpiScenarioTests
{
    private static readonly LocalDate Mon = new(2026, 3, 2), Tue = Mon.PlusDays(1), Wed = Mon.PlusDays(2), Thu = Mon.PlusDays(3), Fri = Mon.PlusDays(4);

    // ana and ben work Mon–Fri 08:00–17:00 (9 h). ben is off all Friday and Tuesday 12:00–14:00.
    private static readonly ShopSetup Shop = Setup(techs:
    [
        Tech("ana", "brakes,diagnostics,alignment"),
        Tech("ben", "brakes", timeOff: [TimeOff.WholeDay(Fri), TimeOff.Between(At(Tue, 12), At(Tue, 14))]),
    ]);

    private static readonly AppointmentFact[] Appointments =
    [
        // id, technician, local start, minutes, created; lead time in hours on the right
        Fact("a1", "ana", At(Mon, 9), 120, At(new LocalDate(2026, 2, 28), 9), AppointmentStatus.Completed),     // 48
        Fact("a2", "ana", At(Mon, 13), 60, At(Mon, 8), AppointmentStatus.Cancelled,                             // 5
            cancelledAt: At(Mon, 10), by: ActorKind.Customer, reason: "customer-request"),                       //   cancelled 3 h before: late
        Fact("a3", "ben", At(Tue, 9), 180, At(new LocalDate(2026, 2, 20), 9), AppointmentStatus.NoShow),        // 264
        Fact("a4", "ben", At(Wed, 10), 60, At(new LocalDate(2026, 1, 1), 10)),                                   // 1488 (62 days)
        Fact("a5", "ana", At(Thu, 13), 60, At(Mon, 12)),                                                         // 73
        Fact("a6", "ana", At(Mon, 13, 30), 60, At(Mon, 11), AppointmentStatus.Completed),                       // 2.5: refills half of a2's hour
        Fact("a7", "ben", At(Fri, 9), 60, At(new LocalDate(2026, 2, 6), 9), AppointmentStatus.Cancelled,        // 672 (28 days)
            cancelledAt: At(new LocalDate(2026, 2, 27), 9), by: ActorKind.Staff, reason: "parts-unavailable"),   //   a week ahead: not late
        Fact("a9", "ana", At(Wed, 8), 120, At(Tue, 21), AppointmentStatus.Completed),                           // 11: refills a4's old slot
        Fact("a8", "ana", At(Mon.PlusDays(7), 9), 60, At(Mon, 9)),                                               // next week: ignored
    ];

    private static readonly ChangeFact[] Changes =
    [
        // a4 moved twice: by the customer away from Tue 14–15 (six days ahead), then by staff away from ana's Wed 08–09 (12 h ahead)
        Moved("a4", At(new LocalDate(2026, 2, 25), 12), ActorKind.Customer, "customer-request", "ben", At(Tue, 14), At(Tue, 15)),
        Moved("a4", At(Tue, 20), ActorKind.Staff, "schedule-conflict", "ana", At(Wed, 8), At(Wed, 9)),
        // a8 is outside the period, and so is the slot it left
        Moved("a8", At(Mon, 10), ActorKind.Customer, "customer-request", "ana", At(Mon.PlusDays(8), 9), At(Mon.PlusDays(8), 10)),
        new(AppointmentId.Parse("a1"), AuditAction.CheckedIn, Instant(At(Mon, 9)), ActorKind.Staff, null, null),
    ];

    private static readonly KpiReport Report = KpiCalculator.Compute(new KpiInput(
        Shop, ReportingPeriod.TryCreate(Mon, Mon.PlusDays(6), NewYork).Value, Duration.FromHours(24), Appointments, Changes));

    [Fact]
    public void Only_appointments_starting_in_the_period_count()
    {
        Assert.Equal(8, Report.Appointments); // a1–a7 and a9; a8 starts next week
        Assert.Equal(("main", "America/New_York", "2026-03-02", "2026-03-08", 24.0), (Report.ShopId, Report.TimeZone, Report.From, Report.To, Report.LateWindowHours));
    }

    [Fact]
    public void Lead_time_median_and_p90_are_nearest_rank_over_the_sorted_lead_times()
    {
        // sorted: 2.5, 5, 11, 48, 73, 264, 672, 1488 → median = rank ⌈0.5·8⌉ = 4th = 48; p90 = rank ⌈7.2⌉ = 8th = 1488
        Assert.Equal((8, 48.0, 1488.0), (Report.LeadTime.Count, Report.LeadTime.MedianHours, Report.LeadTime.P90Hours));
    }

    [Fact]
    public void Lead_time_histogram_counts_each_booking_in_its_fixed_bucket()
    {
        // <1d: 2.5, 5, 11 · 1–3d: 48 · 3–7d: 73 · 7–14d: 264 · 14–30d: 672 · ≥30d: 1488
        Assert.Equal([("<1d", 3), ("1-3d", 1), ("3-7d", 1), ("7-14d", 1), ("14-30d", 1), (">=30d", 1)],
            Report.LeadTime.Histogram.Select(b => (b.Label, b.Count)));
        Assert.Equal([0, 24, 72, 168, 336, 720], Report.LeadTime.Histogram.Select(b => b.FromHours));
    }

    [Fact]
    public void Cancellation_rates_count_late_ones_inside_the_window_and_split_by_reason_and_actor()
    {
        var c = Report.Cancellations;
        // a2 (customer, 3 h before: late) and a7 (staff, 7 days before) of 8 appointments
        Assert.Equal((2, 0.25, 1, 0.125), (c.Count, c.Rate, c.Late, c.LateRate));
        Assert.Equal([new CountBy("customer-request", 1), new CountBy("parts-unavailable", 1)], c.ByReason);
        Assert.Equal([new CountBy("customer", 1), new CountBy("staff", 1)], c.ByActorKind);
    }

    [Fact]
    public void Reschedule_rate_counts_appointments_moved_at_least_once_and_reschedules_per_appointment()
    {
        var r = Report.Reschedules;
        // a4 moved twice; a8's move is outside the period: 1 of 8 appointments, 2 reschedules ÷ 8
        Assert.Equal((2, 1, 0.125, 0.25), (r.Reschedules, r.AppointmentsRescheduled, r.Rate, r.PerAppointment));
        Assert.Equal([new CountBy("customer", 1), new CountBy("staff", 1)], r.ByActorKind);
    }

    [Fact]
    public void No_show_rate_is_over_the_appointments_that_were_not_cancelled()
    {
        Assert.Equal(new NoShowFigures(1, 6, 0.1667), Report.NoShows); // a3 of 8 − 2 cancelled; 1/6 = 0.16667
    }

    [Fact]
    public void Utilization_is_booked_labor_over_shift_hours_less_time_off()
    {
        var u = Report.Utilization;
        var ana = u.Technicians.Single(t => t.TechnicianId == "ana");
        var ben = u.Technicians.Single(t => t.TechnicianId == "ben");
        // ana: a1 2 h + a6 1 h (Mon) + a9 2 h (Wed) + a5 1 h (Thu) = 6 h of 5 × 9 = 45 h
        Assert.Equal(new UtilizationCell(6, 45, 0.1333), ana.Total);
        // ben: a3 3 h (no-show still held the slot) + a4 1 h = 4 h; a7 was cancelled. Shifts 45 − Fri 9 − Tue 2 = 34 h
        Assert.Equal(new UtilizationCell(4, 34, 0.1176), ben.Total);
        Assert.Equal(new UtilizationCell(10, 79, 0.1266), u.Shop); // 10 ÷ 79 = 0.12658
    }

    [Fact]
    public void Utilization_is_also_given_per_day_and_per_iso_week()
    {
        var ana = Report.Utilization.Technicians.Single(t => t.TechnicianId == "ana");
        var ben = Report.Utilization.Technicians.Single(t => t.TechnicianId == "ben");
        Assert.Equal(7, ana.Days.Count);
        Assert.Equal(new UtilizationPeriod("2026-03-02", "2026-03-02", 3, 9, 0.3333), ana.Days[0]);
        Assert.Equal(new UtilizationPeriod("2026-03-03", "2026-03-03", 3, 7, 0.4286), ben.Days[1]); // 3 ÷ 7
        Assert.Equal(new UtilizationPeriod("2026-03-06", "2026-03-06", 0, 0, null), ben.Days[4]);   // day off: no ratio
        Assert.Equal(new UtilizationPeriod("2026-03-08", "2026-03-08", 0, 0, null), ana.Days[6]);   // Sunday
        Assert.Equal([new UtilizationPeriod("2026-03-02", "2026-03-08", 6, 45, 0.1333)], ana.Weeks);
    }

    [Fact]
    public void Change_impact_counts_released_time_late_releases_and_what_later_bookings_refilled()
    {
        var impact = Report.ChangeImpact;
        // a2: ana Mon 13–14, released 3 h before (late); a6 (booked after) covers 13:30–14:00 → 0.5 h
        // a7: ben Fri 9–10, released a week before; nothing refilled it
        Assert.Equal(new FreedTime(2, 2, 1, 1, 1, 0.5), impact.ByCancellation);
        // a4's old slots: ben Tue 14–15 (six days ahead, not refilled); ana Wed 8–9 (12 h ahead: late), all of it refilled by a9
        Assert.Equal(new FreedTime(2, 2, 1, 1, 1, 1), impact.ByReschedule);
        Assert.Equal(new FreedTime(4, 4, 2, 2, 2, 1.5), impact.Total);
    }

    [Fact]
    public void An_empty_period_has_zero_counts_and_null_rates()
    {
        var empty = KpiCalculator.Compute(new KpiInput(Shop, ReportingPeriod.TryCreate(Mon, Mon, NewYork).Value, Duration.FromHours(24), [], []));

        Assert.Equal((0, null, null), (empty.LeadTime.Count, empty.LeadTime.MedianHours, empty.Cancellations.Rate));
        Assert.Null(empty.NoShows.Rate);
        Assert.Equal(new UtilizationCell(0, 18, 0), empty.Utilization.Shop);
    }

    private static Instant Instant(LocalDateTime local) => local.InZoneStrictly(NewYork).ToInstant();

    private static AppointmentFact Fact(string id, string tech, LocalDateTime start, int minutes, LocalDateTime created,
        AppointmentStatus status = AppointmentStatus.Booked, LocalDateTime? cancelledAt = null, ActorKind? by = null, string? reason = null) =>
        new(AppointmentId.Parse(id), TechnicianId.Parse(tech), Instant(start), Instant(start) + Duration.FromMinutes(minutes), minutes,
            Instant(created), status, cancelledAt is { } c ? Instant(c) : null, by, reason is null ? null : ReasonCode.Parse(reason));

    private static ChangeFact Moved(string id, LocalDateTime at, ActorKind kind, string reason, string fromTech, LocalDateTime fromStart, LocalDateTime fromEnd) =>
        new(AppointmentId.Parse(id), AuditAction.Rescheduled, Instant(at), kind, ReasonCode.Parse(reason),
            new SlotSummary(TechnicianId.Parse(fromTech), Instant(fromStart), Instant(fromEnd)));
}
