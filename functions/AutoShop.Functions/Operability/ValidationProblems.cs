using AutoShop.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AutoShop.Functions.Operability;

/// <summary>A 400 validation problem that names the one field it refuses, as every function answers bad input.</summary>
public static class ValidationProblems
{
    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    public static ValidationProblem Invalid(ValidationError error) => Invalid(error.Field, error.Message);
}
