namespace AutoShop.Domain.Booking;

public enum ActorKind
{
    /// <summary>The customer, through their signed link.</summary>
    Customer,

    /// <summary>A signed-in staff member.</summary>
    Staff,

    /// <summary>The app itself, e.g. a timer.</summary>
    System,

    /// <summary>A decision taken through an approval workflow.</summary>
    Approval,
}

/// <summary>Who made a change, as the audit trail records it.</summary>
public sealed record Actor
{
    private Actor(ActorKind kind, string id)
    {
        Kind = kind;
        Id = id;
    }

    public ActorKind Kind { get; }

    /// <summary>Customer email or appointment id, staff object id, timer or approval request id.</summary>
    public string Id { get; }

    public static Result<Actor, ValidationError> TryCreate(ActorKind kind, string? id)
    {
        if (!Enum.IsDefined(kind))
            return new ValidationError("actor.kind", "must be customer, staff, system or approval.");
        if (string.IsNullOrWhiteSpace(id) || id.Length > 256 || id.Any(char.IsControl))
            return new ValidationError("actor.id", "is required, at most 256 characters, without control characters.");
        return new Actor(kind, id.Trim());
    }

    public static Actor Customer(string id) => TryCreate(ActorKind.Customer, id).OrThrow();

    public static Actor Staff(string id) => TryCreate(ActorKind.Staff, id).OrThrow();

    public static Actor System(string id) => TryCreate(ActorKind.System, id).OrThrow();

    public static Actor Approval(string id) => TryCreate(ActorKind.Approval, id).OrThrow();

    public override string ToString() => $"{Kind.ToString().ToLowerInvariant()}:{Id}";
}
