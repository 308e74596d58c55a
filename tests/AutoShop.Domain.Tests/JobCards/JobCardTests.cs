using AutoShop.Domain.Booking;
using AutoShop.Domain.Inventory;
using AutoShop.Domain.JobCards;
using NodaTime;
using static AutoShop.Domain.Tests.JobCards.JobCardFixtures;

namespace AutoShop.Domain.Tests.JobCards;

public sealed class JobCardTests
{
    [Fact]
    public void A_draft_has_one_labor_line_per_booked_service_and_the_catalog_parts()
    {
        var card = Booked();

        Assert.Equal(JobCardStatus.Draft, card.Status);
        Assert.Equal(["Oil and filter change", "A/C evacuate and recharge"], card.Labor.Select(l => l.Operation));
        Assert.Equal([30, 75], card.Labor.Select(l => l.EstimatedMinutes));
        Assert.Equal(["hvac"], card.Labor[1].RequiredSkills);
        Assert.Equal([("OIL-5W30-QT", 5), ("FLT-OIL-01", 1), ("REFR-R1234YF", 2)], card.Parts.Select(p => (p.Sku.Value, p.Quantity)));
        Assert.Equal("maria", card.TechnicianId.Value);
        Assert.Equal("lift-1", card.BayId.Value);
        Assert.Equal(PartsReadiness.Pending, card.Readiness);
        Assert.Equal([EventId(1)], card.AppliedEventIds);
    }

    [Fact]
    public void A_reschedule_moves_time_technician_and_bay_and_keeps_the_lines()
    {
        var later = Monday9 + Duration.FromDays(2);
        var result = Booked().Apply(Facts(2, "rescheduled", later, "sam", "lift-2"), Catalog, EventId(2), Now);

        Assert.True(result.Applied);
        Assert.Equal(later, result.Card.Start);
        Assert.Equal("sam", result.Card.TechnicianId.Value);
        Assert.Equal("lift-2", result.Card.BayId.Value);
        Assert.Equal(Booked().Parts, result.Card.Parts);
        Assert.Equal(2, result.Card.AppointmentVersion);
    }

    [Fact]
    public void The_same_event_twice_is_applied_once()
    {
        var once = Booked().Apply(Facts(2, "rescheduled", Monday9 + Duration.FromHours(1)), Catalog, EventId(2), Now).Card;

        var twice = once.Apply(Facts(2, "rescheduled", Monday9 + Duration.FromHours(1)), Catalog, EventId(2), Now);

        Assert.False(twice.Applied);
        Assert.Same(once, twice.Card);
    }

    [Fact]
    public void An_older_event_arriving_late_is_ignored()
    {
        var cancelled = Booked().Apply(Facts(3, "cancelled", active: false), Catalog, EventId(3), Now).Card;

        var straggler = cancelled.Apply(Facts(2, "rescheduled", Monday9 + Duration.FromDays(1)), Catalog, EventId(2), Now);

        Assert.False(straggler.Applied);
        Assert.Equal(JobCardStatus.Voided, straggler.Card.Status);
    }

    [Fact]
    public void A_card_first_seen_at_a_later_version_ignores_the_creation_event()
    {
        var card = JobCard.Draft(Facts(2, "rescheduled", tech: "sam"), Catalog, EventId(2), Now);

        Assert.False(card.Apply(Facts(1), Catalog, EventId(1), Now).Applied);
        Assert.Equal("sam", card.TechnicianId.Value);
    }

    [Fact]
    public void Cancellation_voids_the_card_and_drops_every_need()
    {
        var card = Booked().WithSupply(AllReserved(Booked()), Now);

        var voided = card.Apply(Facts(2, "cancelled", active: false), Catalog, EventId(2), Now).Card;

        Assert.Equal(JobCardStatus.Voided, voided.Status);
        Assert.Empty(voided.Needs);
        Assert.Empty(voided.Supply);
    }

    [Fact]
    public void The_card_is_ready_once_every_part_is_reserved()
    {
        var card = Booked();

        var ready = card.WithSupply(AllReserved(card), Now);

        Assert.Equal(JobCardStatus.Ready, ready.Status);
        Assert.Equal(PartsReadiness.Ready, ready.Readiness);
    }

    [Fact]
    public void A_short_part_keeps_the_card_a_draft_and_reads_short()
    {
        var card = Booked();
        var supply = AllReserved(card).Select(s => s.Sku.Value == "REFR-R1234YF"
            ? s with { Reserved = 0, Status = PartStatus.Short, Shortage = new Shortage(2, ShortageReason.LeadTime, Monday9 + Duration.FromDays(3)) }
            : s);

        var checkedCard = card.WithSupply(supply, Now);

        Assert.Equal(JobCardStatus.Draft, checkedCard.Status);
        Assert.Equal(PartsReadiness.Short, checkedCard.Readiness);
    }

    [Fact]
    public void A_snapshot_restores_the_same_card()
    {
        var card = Booked().WithSupply(AllReserved(Booked()), Now).WithNotified(Sku.Parse("OIL-5W30-QT"));

        var restored = JobCard.Restore(card.ToSnapshot());

        Assert.Equal(card.ToSnapshot(), restored.ToSnapshot(), new SnapshotComparer());
    }

    private sealed class SnapshotComparer : IEqualityComparer<JobCardSnapshot>
    {
        public bool Equals(JobCardSnapshot? x, JobCardSnapshot? y) =>
            System.Text.Json.JsonSerializer.Serialize(x) == System.Text.Json.JsonSerializer.Serialize(y);

        public int GetHashCode(JobCardSnapshot obj) => 0;
    }
}
