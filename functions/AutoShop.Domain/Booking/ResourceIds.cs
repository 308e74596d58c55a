namespace AutoShop.Domain.Booking;

/// <summary>A repair shop.</summary>
public readonly record struct ShopId : IComparable<ShopId>
{
    private readonly string? value;

    private ShopId(string value) => this.value = value;

    public string Value => value ?? "";

    public static Result<ShopId, ValidationError> TryParse(string? text, string field = "shopId") =>
        Slug.Validate(text, field).Map(v => new ShopId(v));

    public static ShopId Parse(string text) => TryParse(text).OrThrow();

    public int CompareTo(ShopId other) => string.CompareOrdinal(Value, other.Value);

    public override string ToString() => Value;
}

/// <summary>A technician, unique within a shop.</summary>
public readonly record struct TechnicianId : IComparable<TechnicianId>
{
    private readonly string? value;

    private TechnicianId(string value) => this.value = value;

    public string Value => value ?? "";

    public static Result<TechnicianId, ValidationError> TryParse(string? text, string field = "technicianId") =>
        Slug.Validate(text, field).Map(v => new TechnicianId(v));

    public static TechnicianId Parse(string text) => TryParse(text).OrThrow();

    public int CompareTo(TechnicianId other) => string.CompareOrdinal(Value, other.Value);

    public override string ToString() => Value;
}

/// <summary>A service bay, unique within a shop.</summary>
public readonly record struct BayId : IComparable<BayId>
{
    private readonly string? value;

    private BayId(string value) => this.value = value;

    public string Value => value ?? "";

    public static Result<BayId, ValidationError> TryParse(string? text, string field = "bayId") =>
        Slug.Validate(text, field).Map(v => new BayId(v));

    public static BayId Parse(string text) => TryParse(text).OrThrow();

    public int CompareTo(BayId other) => string.CompareOrdinal(Value, other.Value);

    public override string ToString() => Value;
}

/// <summary>An appointment; also the key of its row and of every claim it holds.</summary>
public readonly record struct AppointmentId : IComparable<AppointmentId>
{
    private readonly string? value;

    private AppointmentId(string value) => this.value = value;

    public string Value => value ?? "";

    public static Result<AppointmentId, ValidationError> TryParse(string? text, string field = "appointmentId") =>
        Slug.Validate(text, field).Map(v => new AppointmentId(v));

    public static AppointmentId Parse(string text) => TryParse(text).OrThrow();

    /// <summary>The usual way to mint one: 32 lower-case hex digits, valid as a Table key.</summary>
    public static AppointmentId FromGuid(Guid id) => new(id.ToString("N"));

    public int CompareTo(AppointmentId other) => string.CompareOrdinal(Value, other.Value);

    public override string ToString() => Value;
}
