using Fluid;

namespace AutoShop.Domain.Notifications;

/// <summary>
/// The single list of what templates may reference. Fluid's member access strategy is built
/// from it (so nothing else is reachable at render time) and so is the validator (so a typo is
/// caught when a shop saves an override, not when a customer gets a blank).
/// </summary>
internal static class TemplateSchema
{
    public static readonly ObjectShape Appointment = Shape<AppointmentView>(
        Text<AppointmentView>("id", "The appointment's id.", a => a.Id),
        Text<AppointmentView>("reference", "Short reference the customer can quote (the id if the shop has none).", a => a.Reference),
        Text<AppointmentView>("start", "Start, shop-local, full sentence form: \"Tuesday, March 10, 2026 at 9:30 AM\" / \"martes, 10 de marzo de 2026, 9:30\".", a => a.Start),
        Text<AppointmentView>("end", "End, shop-local, same form as start.", a => a.End),
        Text<AppointmentView>("date", "Start date: \"Tuesday, March 10, 2026\" / \"martes, 10 de marzo de 2026\".", a => a.Date),
        Text<AppointmentView>("time", "Start time: \"9:30 AM\" / \"9:30\".", a => a.Time),
        Text<AppointmentView>("end_time", "End time: \"11:00 AM\" / \"11:00\".", a => a.EndTime),
        Text<AppointmentView>("time_zone", "The shop zone's abbreviation at the start: \"EDT\".", a => a.TimeZone),
        Text<AppointmentView>("utc_offset", "The shop's UTC offset at the start: \"UTC-04:00\".", a => a.UtcOffset),
        Text<AppointmentView>("duration_minutes", "Length in minutes (a number).", a => a.DurationMinutes));

    public static readonly ObjectShape Shop = Shape<ShopView>(
        Text<ShopView>("name", "Shop name.", s => s.Name),
        Text<ShopView>("phone", "Shop phone number.", s => s.Phone),
        Text<ShopView>("address", "Shop street address.", s => s.Address),
        Text<ShopView>("email", "Shop email address.", s => s.Email),
        Text<ShopView>("time_zone", "The shop's IANA time zone: \"America/New_York\".", s => s.TimeZone));

    public static readonly ObjectShape Service = Shape<ServiceView>(
        Text<ServiceView>("name", "Service name.", s => s.Name),
        Text<ServiceView>("price_estimate", "Estimate text: \"$120.00\", \"$120.00 - $180.00\", or \"Price confirmed at the shop\".", s => s.PriceEstimate));

    public static readonly ObjectShape Vehicle = Shape<VehicleView>(
        Text<VehicleView>("make", "Make: \"Honda\".", v => v.Make),
        Text<VehicleView>("model", "Model: \"Civic\".", v => v.Model),
        Text<VehicleView>("year", "Model year, or empty.", v => v.Year),
        Text<VehicleView>("plate", "License plate, or empty.", v => v.Plate),
        Text<VehicleView>("description", "Year, make and model: \"2019 Honda Civic\".", v => v.Description));

    public static readonly ObjectShape Customer = Shape<CustomerView>(
        Text<CustomerView>("first_name", "The customer's first name (nothing else about them is available).", c => c.FirstName));

    public static readonly ObjectShape Exception = Shape<ExceptionView>(
        Text<ExceptionView>("reason", "Why the policy exception was requested.", e => e.Reason),
        Text<ExceptionView>("decision_note", "What staff wrote when deciding; empty while pending.", e => e.DecisionNote));

    /// <summary>Liquid's <c>forloop</c>, known inside <c>for</c> bodies.</summary>
    public static readonly ObjectShape ForLoop = new(null,
    [
        Liquid("index"), Liquid("index0"), Liquid("rindex"), Liquid("rindex0"),
        Liquid("first"), Liquid("last"), Liquid("length"), new VariableMember("parentloop", "", VariableShape.Any),
    ]);

    private static readonly IReadOnlyList<VariableMember> CommonRoots =
    [
        Root("appointment", "The appointment.", Appointment, m => m.Appointment),
        Root("shop", "The shop.", Shop, m => m.Shop),
        Root("services", "The booked services, in order; loop with {% for s in services %}.", new ListShape(Service), m => m.Services),
        Root("vehicle", "The customer's vehicle.", Vehicle, m => m.Vehicle),
        Root("customer", "The customer.", Customer, m => m.Customer),
        Root("manage_link", "Signed link where the customer can view, reschedule or cancel.", VariableShape.Scalar, m => m.ManageLink),
        Root("calendar_link", "Link to the appointment's .ics calendar file (may be empty).", VariableShape.Scalar, m => m.CalendarLink),
    ];

    // Declared before its use below: static fields initialize in order.
    private static readonly ExceptionView EmptyException = new("", "");

    private static readonly VariableMember ExceptionRoot =
        Root("exception", "The policy exception (exception-pending/-approved/-denied only).", Exception, m => m.Exception ?? EmptyException);

    private static readonly IReadOnlyList<VariableMember> ExceptionKindRoots = [.. CommonRoots, ExceptionRoot];

    /// <summary>Top-level names a template of this kind may use.</summary>
    public static IReadOnlyList<VariableMember> RootsFor(MessageKind kind) =>
        kind.IsAboutException() ? ExceptionKindRoots : CommonRoots;

    /// <summary>Every documented path, for the README, the template editor and its tests.</summary>
    public static IReadOnlyList<TemplateVariable> Documented { get; } = Document();

    /// <summary>Makes exactly the documented members readable by Fluid; every other type and member reads as nil.</summary>
    public static void Register(MemberAccessStrategy strategy)
    {
        foreach (var shape in new[] { Appointment, Shop, Service, Vehicle, Customer, Exception })
        {
            foreach (var member in shape.Members)
                strategy.Register(shape.ClrType!, member.Name, new ReadAccessor(member.Read!));
        }
    }

    private static ObjectShape Shape<T>(params VariableMember[] members) => new(typeof(T), members);

    private static VariableMember Text<T>(string name, string description, Func<T, object> read) =>
        new(name, description, VariableShape.Scalar, o => read((T)o));

    private static VariableMember Root(string name, string description, VariableShape shape, Func<TemplateModel, object> read) =>
        new(name, description, shape, o => read((TemplateModel)o));

    private static VariableMember Liquid(string name) => new(name, "", VariableShape.Scalar);

    private static List<TemplateVariable> Document()
    {
        var documented = new List<TemplateVariable>();
        foreach (var root in ExceptionKindRoots)
        {
            var exceptionOnly = root == ExceptionRoot;
            documented.Add(new TemplateVariable(root.Name, root.Description, exceptionOnly));
            var (prefix, members) = root.Shape switch
            {
                ObjectShape o => (root.Name + ".", o.Members),
                ListShape l => (root.Name + "[].", l.Element.Members),
                _ => ("", []),
            };
            documented.AddRange(members.Select(m => new TemplateVariable(prefix + m.Name, m.Description, exceptionOnly)));
        }

        return documented;
    }

    private sealed class ReadAccessor(Func<object, object> read) : IMemberAccessor
    {
        public object Get(object obj, string name, TemplateContext ctx) => read(obj);
    }
}
