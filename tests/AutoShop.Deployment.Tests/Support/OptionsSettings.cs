using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AutoShop.Deployment.Tests.Support;

/// <summary>One setting an options class binds, in app-setting form (<c>Section__Property</c>; <c>*</c> for keys of a dictionary or list).</summary>
internal sealed record OptionSetting(string Key, Type OptionsType, bool Required);

/// <summary>
/// The settings the app binds through typed options: every options type of the app registered with
/// IConfigureOptions/IValidateOptions, its <c>Section</c> constant, and its settable properties.
/// </summary>
internal static class OptionsSettings
{
    public const string SectionField = "Section";

    public static IReadOnlyList<Type> OptionsTypes(IEnumerable<ServiceDescriptor> registrations) =>
        registrations
            .Select(d => d.ServiceType)
            .Where(t => t.IsGenericType && IsOptionsPlumbing(t.GetGenericTypeDefinition()))
            .Select(t => t.GetGenericArguments()[0])
            .Where(t => t.Assembly.GetName().Name?.StartsWith("AutoShop.", StringComparison.Ordinal) == true)
            .Distinct()
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .ToList();

    /// <summary>Options types without properties bind nothing (a start-up check such as NoSampleSecrets) and name no settings.</summary>
    public static IReadOnlyList<OptionSetting> Settings(IEnumerable<ServiceDescriptor> registrations) =>
        OptionsTypes(registrations)
            .Where(type => type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Length > 0)
            .SelectMany(type => Keys(type, SectionOf(type))).ToList();

    /// <summary>The configuration section an options type binds, from its <c>public const string Section</c>.</summary>
    public static string SectionOf(Type optionsType) =>
        optionsType.GetField(SectionField, BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string
        ?? throw new InvalidOperationException(
            $"{optionsType.FullName} is bound from configuration but has no `public const string {SectionField}`: " +
            "declare the section it binds so the deployment tests can name its settings.");

    private static bool IsOptionsPlumbing(Type definition) =>
        definition == typeof(IConfigureOptions<>) || definition == typeof(IPostConfigureOptions<>) ||
        definition == typeof(IValidateOptions<>) || definition == typeof(IOptionsChangeTokenSource<>);

    private static IEnumerable<OptionSetting> Keys(Type type, string prefix, int depth = 0)
    {
        if (depth > 4) yield break; // a cycle in an options graph; nothing binds that deep
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var key = $"{prefix}__{property.Name}";
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var required = property.GetCustomAttribute<RequiredAttribute>() is not null;
            if (IsCollection(propertyType))
                yield return new OptionSetting($"{key}__*", type, required);
            else if (!property.CanWrite || property.SetMethod?.IsPublic != true)
                continue; // computed (UsesEntra, UsesConnectionString…): not a setting
            else if (IsScalar(propertyType))
                yield return new OptionSetting(key, type, required);
            else
                foreach (var nested in Keys(propertyType, key, depth + 1)) yield return nested;
        }
    }

    private static bool IsCollection(Type type) => type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type);

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan) ||
        type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(Uri) || type == typeof(Guid);
}
