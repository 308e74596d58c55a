namespace AutoShop.Domain.Booking;

/// <summary>A technician skill such as <c>brakes</c> or <c>ev-high-voltage</c>.</summary>
public readonly record struct Skill : IComparable<Skill>
{
    private readonly string? value;

    private Skill(string value) => this.value = value;

    public string Value => value ?? "";

    public static Result<Skill, ValidationError> TryParse(string? text, string field = "skill") =>
        Slug.Normalize(text, field).Map(v => new Skill(v));

    public static Skill Parse(string text) => TryParse(text).OrThrow();

    public int CompareTo(Skill other) => string.CompareOrdinal(Value, other.Value);

    public override string ToString() => Value;
}

/// <summary>A kind of bay such as <c>lift</c>, <c>alignment-rack</c> or <c>ev-bay</c>.</summary>
public readonly record struct BayType : IComparable<BayType>
{
    private readonly string? value;

    private BayType(string value) => this.value = value;

    public string Value => value ?? "";

    public static Result<BayType, ValidationError> TryParse(string? text, string field = "bayType") =>
        Slug.Normalize(text, field).Map(v => new BayType(v));

    public static BayType Parse(string text) => TryParse(text).OrThrow();

    public int CompareTo(BayType other) => string.CompareOrdinal(Value, other.Value);

    public override string ToString() => Value;
}

/// <summary>A kind of shared tool such as <c>diagnostic-scanner</c>.</summary>
public readonly record struct ToolType : IComparable<ToolType>
{
    private readonly string? value;

    private ToolType(string value) => this.value = value;

    public string Value => value ?? "";

    public static Result<ToolType, ValidationError> TryParse(string? text, string field = "toolType") =>
        Slug.Normalize(text, field).Map(v => new ToolType(v));

    public static ToolType Parse(string text) => TryParse(text).OrThrow();

    public int CompareTo(ToolType other) => string.CompareOrdinal(Value, other.Value);

    public override string ToString() => Value;
}

/// <summary>A catalog service such as <c>brake-pads-front</c>.</summary>
public readonly record struct ServiceCode : IComparable<ServiceCode>
{
    private readonly string? value;

    private ServiceCode(string value) => this.value = value;

    public string Value => value ?? "";

    public static Result<ServiceCode, ValidationError> TryParse(string? text, string field = "serviceCode") =>
        Slug.Normalize(text, field, maxLength: 32).Map(v => new ServiceCode(v));

    public static ServiceCode Parse(string text) => TryParse(text).OrThrow();

    public int CompareTo(ServiceCode other) => string.CompareOrdinal(Value, other.Value);

    public override string ToString() => Value;
}
