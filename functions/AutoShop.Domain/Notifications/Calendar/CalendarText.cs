namespace AutoShop.Domain.Notifications;

/// <summary>The words inside a calendar entry, in the customer's language.</summary>
internal sealed class CalendarText
{
    private static readonly CalendarText English = new("Car service", "Vehicle", "Services", "Reference", "Manage your appointment");
    private static readonly CalendarText Spanish = new("Servicio del vehículo", "Vehículo", "Servicios", "Referencia", "Gestionar su cita");

    private readonly string title;
    private readonly string vehicle;
    private readonly string services;
    private readonly string reference;
    private readonly string manage;

    private CalendarText(string title, string vehicle, string services, string reference, string manage)
    {
        this.title = title;
        this.vehicle = vehicle;
        this.services = services;
        this.reference = reference;
        this.manage = manage;
    }

    public static CalendarText For(Language language) => language == Language.Es ? Spanish : English;

    /// <summary>"Car service at Northside Auto Care" / "Servicio del vehículo en Northside Auto Care".</summary>
    public string Summary(NotificationContext context) =>
        $"{title} {(this == Spanish ? "en" : "at")} {context.Shop.Name}";

    public string Description(NotificationContext context)
    {
        var model = TemplateModel.From(context);
        var lines = new List<string>
        {
            $"{vehicle}: {model.Vehicle.Description}",
            $"{services}: {string.Join(", ", model.Services.Select(s => s.Name))}",
            $"{reference}: {model.Appointment.Reference}",
            $"{manage}: {model.ManageLink}",
        };
        return string.Join('\n', lines);
    }
}
