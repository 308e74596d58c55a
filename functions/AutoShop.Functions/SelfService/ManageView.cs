using System.Globalization;
using System.Text;
using AutoShop.Domain.Booking;
using AutoShop.Domain.SelfService;
using AutoShop.Functions.Links;
using NodaTime;
using NodaTime.Text;
using static AutoShop.Functions.Pages.PageLayout;

namespace AutoShop.Functions.SelfService;

/// <summary>The HTML of the customer's manage page.</summary>
public static class ManageView
{
    private static readonly LocalDateTimePattern SlotValue = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm");

    public static string When(Instant instant, DateTimeZone zone)
    {
        var local = instant.InZone(zone);
        return local.ToString("dddd, MMMM d, yyyy 'at' h:mm tt", CultureInfo.GetCultureInfo("en-US")) + " " + zone.GetZoneInterval(instant).Name;
    }

    public static string Body(ManageContext context, IReadOnlyList<AvailabilityOffer> slots, string formToken, Instant now, string? done, string? pendingRequest)
    {
        var a = context.Appointment;
        var zone = context.Setup.Shop.Zone;
        var html = new StringBuilder();
        if (done is not null) html.Append($"""<div class="card ok" role="status"><p>{E(DoneText(done))}</p></div>""");
        html.Append($"""
            <div class="card"><dl>
            <dt>Shop</dt><dd>{E(context.Setup.Shop.Name)}</dd>
            <dt>When</dt><dd>{E(When(a.Start, zone))}</dd>
            <dt>Services</dt><dd>{E(string.Join(", ", a.ServiceCodes.Select(c => context.Setup.Catalog.TryGetValue(c, out var s) ? s.Name : c.Value)))}</dd>
            <dt>Vehicle</dt><dd>{E($"{a.Vehicle.Year} {a.Vehicle.Make} {a.Vehicle.Model}")}</dd>
            <dt>Status</dt><dd>{E(Describe(a.Status))}</dd>
            </dl></div>
            """);
        if (a.Status == AppointmentStatus.Cancelled)
        {
            html.Append("""<div class="card notice"><p>This appointment is cancelled. You can book the same services again:</p>""");
            html.Append(SlotForm("rebook", "Book this time", context, slots, formToken, zone, extra: "")).Append("</div>");
            return html.ToString();
        }
        if (a.Status != AppointmentStatus.Booked || now >= a.Start)
            return html.Append("""<div class="card notice"><p>This appointment can no longer be changed online. Please contact the shop.</p></div>""").ToString();
        if (pendingRequest is not null)
            return html.Append($"""<div class="card notice"><p>{E(pendingRequest)}</p></div>""").ToString();

        var reschedule = context.Policy.CheckReschedule(a, now);
        html.Append("<h2>Change the time</h2>");
        html.Append(reschedule == PolicyVerdict.Allowed
            ? SlotForm("reschedule", "Move my appointment", context, slots, formToken, zone, extra: "")
            : $"""<p>{E(PolicyText(reschedule, "reschedule", context))}</p>""" + SlotForm("exception", "Ask the shop to move it", context, slots, formToken, zone,
                extra: """<input type="hidden" name="action" value="reschedule">""" + ReasonBox()));

        var cancel = context.Policy.CheckCancel(a, now);
        html.Append("<h2>Cancel</h2>");
        html.Append(cancel == PolicyVerdict.Allowed
            ? Form("cancel", "Cancel my appointment", context, formToken, CancelReasons(), danger: true)
            : $"""<p>{E(PolicyText(cancel, "cancel", context))}</p>""" + Form("exception", "Ask the shop to cancel it", context, formToken,
                """<input type="hidden" name="action" value="cancel">""" + CancelReasons() + ReasonBox(), danger: true));
        return html.ToString();
    }

    private static string SlotForm(string action, string button, ManageContext context, IReadOnlyList<AvailabilityOffer> slots, string formToken, DateTimeZone zone, string extra)
    {
        if (slots.Count == 0) return """<p>No other times are free in the next two weeks. Please contact the shop.</p>""";
        var options = new StringBuilder();
        for (var i = 0; i < slots.Count; i++)
        {
            var value = SlotValue.Format(slots[i].LocalStart.LocalDateTime);
            options.Append($"""<label class="slot" for="slot-{action}-{i}"><input type="radio" id="slot-{action}-{i}" name="start" value="{E(value)}"{(i == 0 ? " required" : "")}> {E(When(slots[i].Start, zone))}</label>""");
        }
        return Form(action, button, context, formToken, $"""<fieldset><legend>Pick a new time</legend>{options}</fieldset>{extra}""", danger: false);
    }

    private static string Form(string action, string button, ManageContext context, string formToken, string fields, bool danger) => $"""
        <form class="card" method="post" action="/api/manage/{E(context.Token)}/{action}">
        <input type="hidden" name="formToken" value="{E(formToken)}">
        <input type="hidden" name="version" value="{context.Appointment.Version}">
        {fields}
        <button type="submit"{(danger ? " class=\"danger\"" : "")}>{E(button)}</button>
        </form>
        """;

    private static string CancelReasons() =>
        """<label for="reasonCode">Why are you cancelling?</label><select id="reasonCode" name="reasonCode" required>""" +
        string.Concat(CustomerActions.CustomerCancelReasons.Order().Select(code =>
            $"""<option value="{E(code)}">{E(ReasonCode.Vocabulary[code])}</option>""")) + "</select>";

    private static string ReasonBox() =>
        """<label for="reason">Tell the shop why you need this</label><textarea id="reason" name="reason" rows="3" maxlength="1000" required></textarea>""";

    private static string PolicyText(PolicyVerdict verdict, string what, ManageContext context)
    {
        var rules = context.Policy.For(context.Appointment.ServiceCodes);
        return verdict == PolicyVerdict.TooManyReschedules
            ? $"You have already moved this appointment {context.Appointment.RescheduleCount} times, the most allowed online. The shop can still make an exception."
            : $"Online you can {what} up to {(what == "cancel" ? rules.CancelWindow : rules.RescheduleWindow).TotalHours:0} hours before the start. The shop can still make an exception.";
    }

    private static string Describe(AppointmentStatus status) => status switch
    {
        AppointmentStatus.Booked => "Booked",
        AppointmentStatus.CheckedIn => "Checked in",
        AppointmentStatus.Completed => "Completed",
        AppointmentStatus.NoShow => "Missed",
        _ => "Cancelled",
    };

    private static string DoneText(string done) => done switch
    {
        "rescheduled" => "Your appointment was moved. We have sent you the new details.",
        "cancelled" => "Your appointment is cancelled.",
        "requested" => "Your request was sent to the shop. We will let you know their decision.",
        "rebooked" => "You are booked again. This page now shows your new appointment.",
        _ => "Done.",
    };
}
