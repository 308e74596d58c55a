using System.Diagnostics.CodeAnalysis;

namespace AutoShop.Domain;

/// <summary>
/// An expected outcome: a value or a typed error. Domain operations return this instead of
/// throwing, so every way a request can be refused is visible in the signature.
/// </summary>
public readonly struct Result<TValue, TError>
{
    private readonly TValue? value;
    private readonly TError? error;

    private Result(TValue value, TError? error, bool isSuccess)
    {
        this.value = value;
        this.error = error;
        IsSuccess = isSuccess;
    }

    public bool IsSuccess { get; }

    public bool IsFailure => !IsSuccess;

    public TValue Value => IsSuccess ? value! : throw new InvalidOperationException($"The result failed: {error}");

    public TError Error => IsSuccess ? throw new InvalidOperationException("The result succeeded; it has no error.") : error!;

    public static Result<TValue, TError> Success(TValue value) => new(value, default, true);

    public static Result<TValue, TError> Failure(TError error) => new(default!, error, false);

    public static implicit operator Result<TValue, TError>(TValue value) => Success(value);

    public static implicit operator Result<TValue, TError>(TError error) => Failure(error);

    public bool TryGetValue([MaybeNullWhen(false)] out TValue result, [MaybeNullWhen(true)] out TError failure)
    {
        result = value;
        failure = error;
        return IsSuccess;
    }

    public Result<TNext, TError> Map<TNext>(Func<TValue, TNext> map) =>
        IsSuccess ? Result<TNext, TError>.Success(map(value!)) : Result<TNext, TError>.Failure(error!);

    public Result<TNext, TError> Then<TNext>(Func<TValue, Result<TNext, TError>> next) =>
        IsSuccess ? next(value!) : Result<TNext, TError>.Failure(error!);

    public TResult Match<TResult>(Func<TValue, TResult> success, Func<TError, TResult> failure) =>
        IsSuccess ? success(value!) : failure(error!);

    public override string ToString() => IsSuccess ? $"Success({value})" : $"Failure({error})";
}

/// <summary>What is wrong with one input field, phrased for the person who typed it.</summary>
public sealed record ValidationError(string Field, string Message)
{
    /// <summary>Re-roots the field path, e.g. <c>phone</c> inside <c>customer</c> becomes <c>customer.phone</c>.</summary>
    public ValidationError Under(string parent) => this with { Field = $"{parent}.{Field}" };

    public override string ToString() => $"{Field}: {Message}";
}

public static class ValidationResult
{
    /// <summary>For trusted input (seed data, tests): the value, or a <see cref="FormatException"/> naming the field.</summary>
    public static T OrThrow<T>(this Result<T, ValidationError> result) =>
        result.IsSuccess ? result.Value : throw new FormatException(result.Error.ToString());

    public static Result<T, ValidationError> Fail<T>(string field, string message) => new ValidationError(field, message);
}
