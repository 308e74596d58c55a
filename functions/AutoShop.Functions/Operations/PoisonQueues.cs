using AutoShop.Functions.Hosting.Catalog;

namespace AutoShop.Functions.Operations;

/// <summary>The queues the app reads; each has a <c>{queue}-poison</c> twin for messages that failed there.</summary>
public sealed class PoisonQueues(FunctionCatalog catalog)
{
    public const string Suffix = "-poison";

    public IReadOnlyList<string> Sources => field ??=
        [.. catalog.Of<QueueFunctionTrigger>().Select(f => ((QueueFunctionTrigger)f.Trigger).QueueName).Distinct().Order(StringComparer.Ordinal)];

    public bool IsKnown(string? queue) => queue is not null && Sources.Contains(queue, StringComparer.Ordinal);

    public static string PoisonOf(string queue) => queue + Suffix;
}
