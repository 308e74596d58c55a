namespace AutoShop.Domain.Reporting;

/// <summary>Every KPI's definition, as the API documents it (OpenAPI description of the KPI endpoint and the CSV).</summary>
public static class KpiDefinitions
{
    public const string Markdown = """
        KPIs of one shop over whole shop-local days `from`..`to` (inclusive, at most 366 days), computed from stored facts: the appointments in the schedule table and their audit records. Never from logs.

        - **appointments**: appointments whose current start falls on a day of the period, whatever their status. The denominator of every rate below unless stated.
        - **leadTime**: created → start, in hours (a booking made after its start counts 0). `medianHours` and `p90Hours` are nearest-rank percentiles (the value at rank ⌈p/100·n⌉ of the sorted lead times). `histogram` counts per fixed bucket, lower bound inclusive: <1d, 1-3d, 3-7d, 7-14d, 14-30d, >=30d.
        - **cancellations**: `count` of cancelled appointments; `rate` = count ÷ appointments; `late` = cancellations made less than the late window before the start (or after it); `lateRate` = late ÷ appointments. The late window is `lateWindowHours` (setting `Reporting:LateCancellationHours`, default 24). `byReason`: per reason code; `byActorKind`: per kind of actor who cancelled (customer, staff, system, approval).
        - **reschedules**: `reschedules` = `rescheduled` audit records of the period's appointments; `appointmentsRescheduled` = appointments with at least one; `rate` = appointmentsRescheduled ÷ appointments; `perAppointment` = reschedules ÷ appointments; `byActorKind` per kind of actor.
        - **noShows**: `count` of no-shows; `expected` = appointments not cancelled; `rate` = count ÷ expected.
        - **utilization**: booked labor hours ÷ shift hours, for the shop, per technician, per day and per ISO week (Monday first; only the period's days count). Booked labor: labor minutes of appointments not cancelled (booked, checked in, completed, no-show) on the technician and day they start. Shift hours: the technician's weekly shifts on that day less time off and shop closures, in elapsed time. `ratio` is null without shift hours.
        - **changeImpact**: technician time released by cancellations (the cancelled slot) and reschedules (the previous slot, from the audit record) of slots starting in the period. `slots`, `hours`; `insideWindow`/`insideWindowHours`: released less than the late window before the slot's start; `refilled`: released slots overlapped by a later booking (another appointment on the same technician, created after the release, not cancelled); `refilledHours`: the released time those bookings cover, overlaps counted once. Reported in total, by cancellation and by reschedule.

        Hours are rounded to 2 decimals, rates and ratios to 4; a rate with a zero denominator is null.
        """;
}
