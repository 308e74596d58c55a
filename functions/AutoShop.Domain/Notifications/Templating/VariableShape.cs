namespace AutoShop.Domain.Notifications;

/// <summary>What a template name refers to, as far as the validator needs to know.</summary>
internal abstract class VariableShape
{
    /// <summary>A string or number: printable, with the Liquid <c>size/first/last</c> members.</summary>
    public static readonly VariableShape Scalar = new ScalarShape();

    /// <summary>The result of a filter or an assignment the validator cannot type: members are not checked.</summary>
    public static readonly VariableShape Any = new AnyShape();

    private sealed class ScalarShape : VariableShape;

    private sealed class AnyShape : VariableShape;
}

/// <summary>An object whose members are exactly the documented ones.</summary>
internal sealed class ObjectShape(Type? clrType, IReadOnlyList<VariableMember> members) : VariableShape
{
    /// <summary>The model type Fluid sees at render time; null for Liquid's own objects (forloop).</summary>
    public Type? ClrType { get; } = clrType;

    public IReadOnlyList<VariableMember> Members { get; } = members;

    public VariableMember? Member(string name) => Members.FirstOrDefault(m => m.Name == name);
}

internal sealed class ListShape(ObjectShape element) : VariableShape
{
    public ObjectShape Element { get; } = element;
}

internal sealed class VariableMember(string name, string description, VariableShape shape, Func<object, object>? read = null)
{
    public string Name { get; } = name;

    public string Description { get; } = description;

    public VariableShape Shape { get; } = shape;

    /// <summary>Reads the member from its model object; null for members Liquid provides itself.</summary>
    public Func<object, object>? Read { get; } = read;
}
