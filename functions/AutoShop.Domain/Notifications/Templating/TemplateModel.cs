namespace AutoShop.Domain.Notifications;

/// <summary>
/// The only data a notification template can see. Values are preformatted strings in the
/// message's language, so templates never format dates or money themselves. Template names are
/// snake_case (<c>appointment.start</c>); the full list is <see cref="TemplateVariables.All"/>
/// and <c>Notifications/Templates/README.md</c>.
/// </summary>
public sealed record TemplateModel(
    AppointmentView Appointment,
    ShopView Shop,
    IReadOnlyList<ServiceView> Services,
    VehicleView Vehicle,
    CustomerView Customer,
    string ManageLink,
    string CalendarLink,
    ExceptionView? Exception)
{
    public static TemplateModel From(NotificationContext context)
    {
        var language = context.Language;
        var text = AppointmentTimeText.For(language);
        var start = context.Start.InZone(context.ShopZone);
        var end = context.End.InZone(context.ShopZone);

        var appointment = new AppointmentView(
            Id: context.AppointmentId,
            Reference: string.IsNullOrWhiteSpace(context.Reference) ? context.AppointmentId : context.Reference,
            Start: text.Full(start),
            End: text.Full(end),
            Date: text.Date(start),
            Time: text.Time(start),
            EndTime: text.Time(end),
            TimeZone: AppointmentTimeText.ZoneAbbreviation(start),
            UtcOffset: AppointmentTimeText.UtcOffset(start),
            DurationMinutes: (int)Math.Round((context.End - context.Start).TotalMinutes));

        var shop = new ShopView(context.Shop.Name, context.Shop.Phone, context.Shop.Address, context.Shop.Email, context.ShopZone.Id);
        var services = context.Services
            .Select(s => new ServiceView(s.Name, s.Estimate?.ToText(language) ?? NoEstimate(language)))
            .ToList();
        var vehicle = new VehicleView(
            context.Vehicle.Make,
            context.Vehicle.Model,
            context.Vehicle.Year?.ToString(language.Culture) ?? "",
            context.Vehicle.Plate ?? "",
            string.Join(' ', new[] { context.Vehicle.Year?.ToString(language.Culture), context.Vehicle.Make, context.Vehicle.Model }
                .Where(part => !string.IsNullOrWhiteSpace(part))));
        var exception = context.Kind.IsAboutException() && context.Exception is { } details
            ? new ExceptionView(details.Reason, details.DecisionNote ?? "")
            : null;

        return new TemplateModel(
            appointment,
            shop,
            services,
            vehicle,
            new CustomerView(context.CustomerFirstName),
            context.Links.Manage.AbsoluteUri,
            context.Links.Calendar?.AbsoluteUri ?? "",
            exception);
    }

    private static string NoEstimate(Language language) =>
        language == Language.Es ? "Precio a confirmar en el taller" : "Price confirmed at the shop";
}

// ToString is overridden to "" on every view: {{ appointment }} must not print the C# record
// and its property names. The validator rejects such output; this is the second fence.

/// <summary><c>appointment.*</c>: times are shop-local and already worded in the message language.</summary>
public sealed record AppointmentView(
    string Id,
    string Reference,
    string Start,
    string End,
    string Date,
    string Time,
    string EndTime,
    string TimeZone,
    string UtcOffset,
    int DurationMinutes)
{
    public override string ToString() => "";
}

/// <summary><c>shop.*</c></summary>
public sealed record ShopView(string Name, string Phone, string Address, string Email, string TimeZone)
{
    public override string ToString() => "";
}

/// <summary>One item of <c>services</c>.</summary>
public sealed record ServiceView(string Name, string PriceEstimate)
{
    public override string ToString() => "";
}

/// <summary><c>vehicle.*</c>; <c>description</c> is "2019 Honda Civic".</summary>
public sealed record VehicleView(string Make, string Model, string Year, string Plate, string Description)
{
    public override string ToString() => "";
}

/// <summary><c>customer.*</c>: the first name only, by design — messages can be forwarded or overseen.</summary>
public sealed record CustomerView(string FirstName)
{
    public override string ToString() => "";
}

/// <summary><c>exception.*</c>, present for the exception kinds only.</summary>
public sealed record ExceptionView(string Reason, string DecisionNote)
{
    public override string ToString() => "";
}
