namespace AutoShop.Domain.Booking;

/// <summary>A physical work place (lift, alignment rack, EV bay); one job at a time.</summary>
public sealed record Bay
{
    private Bay(BayId id, string name, BayType type)
    {
        Id = id;
        Name = name;
        Type = type;
    }

    public BayId Id { get; }

    public string Name { get; }

    public BayType Type { get; }

    public static Result<Bay, ValidationError> TryCreate(BayId id, string? name, BayType type) =>
        string.IsNullOrWhiteSpace(name) || name.Trim().Length > 100
            ? new ValidationError("name", "is required and must be at most 100 characters.")
            : new Bay(id, name.Trim(), type);
}

/// <summary>
/// How many units of a shared tool the shop owns. Units are numbered 0..Count-1 so a booking can
/// hold one particular unit for the whole job, and claims can name it.
/// </summary>
public sealed record ToolStock
{
    public const int MaxUnits = 16;

    private ToolStock(ToolType type, int count)
    {
        Type = type;
        Count = count;
    }

    public ToolType Type { get; }

    public int Count { get; }

    public static Result<ToolStock, ValidationError> TryCreate(ToolType type, int count) =>
        count is < 1 or > MaxUnits
            ? new ValidationError("count", $"must be between 1 and {MaxUnits}.")
            : new ToolStock(type, count);
}

/// <summary>One unit of a tool type, e.g. the second <c>diagnostic-scanner</c> (index 1).</summary>
public readonly record struct ToolUnit(ToolType Type, int Index)
{
    public override string ToString() => $"{Type}#{Index}";
}
