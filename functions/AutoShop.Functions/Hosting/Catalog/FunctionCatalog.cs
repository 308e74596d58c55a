using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Azure.Functions.Worker;

namespace AutoShop.Functions.Hosting.Catalog;

/// <summary>Where the catalog looks for <c>[Function]</c> methods: the app's assembly, or (in tests) one more type.</summary>
public sealed record FunctionSource(Assembly? Assembly = null, Type? Type = null)
{
    public IEnumerable<Type> Types() => Type is not null ? [Type] : Assembly!.GetTypes();
}

/// <summary>
/// Every function the app runs, read from its <c>[Function]</c> attributes: the same attributes the
/// Worker SDK turns into <c>functions.metadata</c> for the Functions host. The local host maps HTTP
/// routes, runs queue listeners, timers, orchestrators and activities from this list, so the two can never disagree. Building
/// the list also checks that each function takes only what both hosts bind the same way.
/// </summary>
public sealed partial class FunctionCatalog(IEnumerable<FunctionSource> sources)
{
    public const string DefaultConnection = "AzureWebJobsStorage";

    public IReadOnlyList<FunctionDefinition> Functions => field ??= Build();

    public IEnumerable<FunctionDefinition> Of<TTrigger>() where TTrigger : FunctionTrigger =>
        Functions.Where(f => f.Trigger is TTrigger);

    public FunctionDefinition? Find(string name) =>
        Functions.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    private List<FunctionDefinition> Build()
    {
        var all = sources.SelectMany(s => s.Types()).Distinct()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<FunctionAttribute>()))
            .Where(x => x.Attribute is not null)
            .Select(x => Define(x.Attribute!.Name, x.Method))
            .ToList();
        var duplicate = all.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidOperationException($"Function name '{duplicate.Key}' is declared more than once.");
        return all.OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
    }

    private static FunctionDefinition Define(string name, MethodInfo method)
    {
        if (!FunctionNamePattern().IsMatch(name))
            throw Invalid(name, "is not a valid function name (letter first, then letters, digits, '-' or '_', at most 127)");
        var triggers = method.GetParameters()
            .Select(p => (Parameter: p, Trigger: p.GetCustomAttributes().FirstOrDefault(IsTrigger)))
            .Where(x => x.Trigger is not null)
            .ToList();
        if (triggers.Count != 1)
            throw Invalid(name, "needs exactly one trigger parameter ([HttpTrigger], [QueueTrigger], [TimerTrigger], [OrchestrationTrigger] or [ActivityTrigger])");
        var (parameter, attribute) = triggers[0];
        FunctionTrigger trigger = attribute switch
        {
            HttpTriggerAttribute http => HttpTrigger(name, http),
            QueueTriggerAttribute queue => QueueTrigger(name, queue),
            TimerTriggerAttribute timer => new TimerFunctionTrigger(timer.Schedule),
            OrchestrationTriggerAttribute => new OrchestrationFunctionTrigger(FunctionParameters.OrchestrationInput(method, parameter)?.ParameterType),
            ActivityTriggerAttribute => new ActivityFunctionTrigger(parameter.ParameterType),
            _ => throw Invalid(name, "has an unknown trigger"),
        };
        if (trigger is TimerFunctionTrigger t) t.Cron();
        if (FunctionParameters.Problem(method, parameter, trigger) is { } problem)
            throw Invalid(name, problem);
        return new FunctionDefinition(name, trigger, method);
    }

    private static bool IsTrigger(Attribute attribute) => attribute is HttpTriggerAttribute or QueueTriggerAttribute or TimerTriggerAttribute
        or OrchestrationTriggerAttribute or ActivityTriggerAttribute;

    private static HttpFunctionTrigger HttpTrigger(string name, HttpTriggerAttribute http)
    {
        var route = (http.Route ?? name).Trim('/');
        var methods = http.Methods is { Length: > 0 } m ? m.Select(x => x.ToUpperInvariant()).ToArray() : ["GET", "POST", "PUT", "PATCH", "DELETE"];
        return new HttpFunctionTrigger(route, methods);
    }

    private static QueueFunctionTrigger QueueTrigger(string name, QueueTriggerAttribute queue)
    {
        if (!QueueNamePattern().IsMatch(queue.QueueName))
            throw Invalid(name, $"listens to '{queue.QueueName}', which is not a valid storage queue name");
        return new QueueFunctionTrigger(queue.QueueName, queue.Connection ?? DefaultConnection);
    }

    public static IReadOnlySet<string> RouteParameterNames(string route) =>
        Microsoft.AspNetCore.Routing.Patterns.RoutePatternFactory.Parse(route).Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);

    private static InvalidOperationException Invalid(string name, string problem) => new($"Function '{name}' {problem}.");

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{0,126}$")]
    private static partial Regex FunctionNamePattern();

    [GeneratedRegex("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$")]
    private static partial Regex QueueNamePattern();
}
