using System.Diagnostics.CodeAnalysis;

namespace AutoShop.Domain.Notifications;

/// <summary>
/// A value built from settings or input, or why it was refused. Factories return this instead
/// of throwing because a shop typing "25 hours" into a form is expected, not exceptional.
/// </summary>
public readonly struct Validated<T>
{
    private readonly T? value;

    private Validated(T? value, string? error)
    {
        this.value = value;
        Error = error;
    }

    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsValid => Error is null;

    /// <summary>What is wrong, phrased for the person who typed the value; null when valid.</summary>
    public string? Error { get; }

    public T Value => IsValid ? value! : throw new InvalidOperationException($"Invalid value: {Error}");

    public static Validated<T> Valid(T value) => new(value, null);

    public static Validated<T> Invalid(string error) => new(default, error);

    public bool TryGetValue([MaybeNullWhen(false)] out T result, [MaybeNullWhen(true)] out string error)
    {
        result = value;
        error = Error;
        return IsValid;
    }

    public override string ToString() => IsValid ? $"Valid({value})" : $"Invalid({Error})";
}
