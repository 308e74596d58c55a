using AutoShop.Domain.Booking;
using AutoShop.Functions.Approvals;
using AutoShop.Functions.Booking;
using AutoShop.Functions.Booking.Storage;
using AutoShop.Functions.Links;
using AutoShop.Functions.Pages;
using NodaTime;

namespace AutoShop.Functions.SelfService;

/// <summary>Gathers what the manage page shows (live availability, a pending request) and books again after a cancellation.</summary>
public sealed class ManagePageData(IScheduleStore schedule, ApprovalStore approvals, AppointmentBooking booking, LinkTokens tokens, ManageLinks links, TimeProvider clock)
{
    private const int MaxSlots = 60;

    public async Task<IResult> RenderAsync(ManageContext context, string? done, CancellationToken ct, string? error = null, int status = StatusCodes.Status200OK, LocalDate? day = null)
    {
        var a = context.Appointment;
        var zone = context.Setup.Shop.Zone;
        var now = Instant.FromDateTimeOffset(clock.GetUtcNow());
        // One day of times at a time, starting with the appointment's own day (or today, if that has passed).
        var shown = day ?? LocalDate.Max(a.Start.InZone(zone).Date, now.InZone(zone).Date);
        var from = shown.AtStartOfDayInZone(zone).ToInstant();
        var to = shown.PlusDays(1).AtStartOfDayInZone(zone).ToInstant();
        var search = new AvailabilitySearch(clock);
        var bookings = await schedule.LoadBookingsAsync(context.Setup.Shop.Id, search.DatesToLoad(context.Setup.Shop, from, to), ct);
        var found = search.Find(new AvailabilityQuery(context.Setup, a.ServiceCodes, from, to, bookings, MaxSlots,
            a.Status == AppointmentStatus.Booked ? a.Id : null));
        var slots = found.TryGetValue(out var result, out _) ? result.Offers.Where(o => o.Start != a.Start).ToList() : [];
        var pending = a.Status == AppointmentStatus.Booked ? await approvals.FindPendingAsync(context.Current.Partition, a.Id, ct) : null;
        var body = ManageView.Body(context, shown, slots, tokens.FormToken(context.Token, a.Version), now, done,
            pending is null ? null : $"You asked the shop for an exception on {ManageView.When(pending.CreatedAt, context.Setup.Shop.Zone)}. We will let you know their decision.");
        if (error is not null) body = $"""<div class="card error" role="alert"><p>{PageLayout.E(error)}</p></div>""" + body;
        return PageLayout.Render("Your appointment", body, status, a.Customer.Preferences.Language == Domain.Customers.ContactLanguage.Es ? "es" : "en");
    }

    public bool IsValidFormToken(string token, int version, string? presented) => tokens.IsValidFormToken(token, version, presented);

    /// <summary>Same link while the appointment is the same one; a new appointment gets its own link.</summary>
    public string TokenFor(Appointment appointment, string currentToken) =>
        tokens.Verify(currentToken, LinkPurpose.Manage, out var claims) == LinkProblem.None && claims.Subject == appointment.Id.Value
            ? currentToken : links.Token(appointment);

    public async Task<CustomerOutcome> RebookAsync(ManageContext context, LocalDateTime start, string correlationId, CancellationToken ct)
    {
        var old = context.Appointment;
        if (old.Status != AppointmentStatus.Cancelled) return new CustomerInvalid("start", "Only a cancelled appointment can be booked again.");
        var input = new BookingInput(old.ShopId, old.Customer, old.Vehicle, old.ServiceCodes, start, old.Notes, old.Source);
        return await booking.BookAsync(context.Setup, input, Actor.Customer(old.Id.Value), correlationId, ct) switch
        {
            Booked b => new CustomerDone(b.Appointment, "rebooked"),
            SlotUnavailable => new CustomerMoveFailed(new MoveSlotTaken([])),
            Rejected r => new CustomerInvalid(r.Rejection.Field, r.Rejection.Message),
            var other => throw new InvalidOperationException($"Unexpected booking outcome {other}"),
        };
    }
}
