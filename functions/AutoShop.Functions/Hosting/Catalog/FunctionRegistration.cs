using System.Text.RegularExpressions;
using Cronos;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AutoShop.Functions.Hosting.Catalog;

/// <summary>Registers queue and timer functions; HTTP functions are the app's named <c>/api</c> endpoints.</summary>
public static partial class FunctionRegistration
{
    public static IServiceCollection AddQueueFunction<THandler>(this IServiceCollection services, string name, string queueName)
        where THandler : class, IQueueFunction
    {
        EnsureValidName(name);
        if (!QueueNamePattern().IsMatch(queueName))
            throw new ArgumentException($"'{queueName}' is not a valid storage queue name.", nameof(queueName));
        services.TryAddSingleton<THandler>();
        services.AddSingleton(new FunctionDefinition(name, new QueueFunctionTrigger(queueName), typeof(THandler)));
        return services;
    }

    public static IServiceCollection AddTimerFunction<THandler>(this IServiceCollection services, string name, string schedule)
        where THandler : class, ITimerFunction
    {
        EnsureValidName(name);
        ParseSchedule(schedule);
        services.TryAddSingleton<THandler>();
        services.AddSingleton(new FunctionDefinition(name, new TimerFunctionTrigger(schedule), typeof(THandler)));
        return services;
    }

    /// <summary>Parses a six-field NCRONTAB expression (seconds first), as the Functions timer trigger does.</summary>
    public static CronExpression ParseSchedule(string schedule)
    {
        var fields = schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 6)
            throw new ArgumentException($"Timer schedule '{schedule}' must have six NCRONTAB fields (second minute hour day month weekday).", nameof(schedule));
        return CronExpression.Parse(schedule, CronFormat.IncludeSeconds);
    }

    internal static void EnsureValidName(string name)
    {
        if (!FunctionNamePattern().IsMatch(name))
            throw new ArgumentException($"'{name}' is not a valid function name (letter first, then letters, digits, '-' or '_', at most 127).", nameof(name));
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{0,126}$")]
    private static partial Regex FunctionNamePattern();

    [GeneratedRegex("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$")]
    private static partial Regex QueueNamePattern();
}
