using AutoShop.Functions.Hosting.Catalog;
using DurableTask.Core;
using Microsoft.DurableTask.Worker.Shims;
using DataConverter = Microsoft.DurableTask.DataConverter;

namespace AutoShop.LocalHost.Durable;

/// <summary>
/// The catalog's orchestrator and activity functions as DTFx looks them up: by function name, the name
/// orchestrators call activities by and starters start orchestrations by (versions are not used, as in
/// Durable Functions). Each lookup makes a new shim, because an orchestration shim holds one execution's state.
/// </summary>
internal static class FunctionRegistry
{
    public static INameVersionObjectManager<TaskOrchestration> Orchestrations(
        FunctionCatalog catalog, DurableTaskShimFactory shims, IServiceProvider services, DataConverter converter) =>
        new ByName<TaskOrchestration>(catalog.Of<OrchestrationFunctionTrigger>().Select(f =>
            (f.Name, (Func<TaskOrchestration>)(() => shims.CreateOrchestration(f.Name, new FunctionOrchestrator(f, services, converter))))));

    public static INameVersionObjectManager<TaskActivity> Activities(
        FunctionCatalog catalog, DurableTaskShimFactory shims, IServiceScopeFactory scopes, CancellationToken stopping) =>
        new ByName<TaskActivity>(catalog.Of<ActivityFunctionTrigger>().Select(f =>
            (f.Name, (Func<TaskActivity>)(() => shims.CreateActivity(f.Name, new FunctionActivity(f, scopes, stopping))))));

    /// <summary>DTFx's own NameVersionObjectManager is internal; an unknown name (null) fails the work item with "not found".</summary>
    private sealed class ByName<T>(IEnumerable<(string Name, Func<T> Create)> functions) : INameVersionObjectManager<T> where T : class
    {
        private readonly Dictionary<string, Func<T>> creators = functions.ToDictionary(f => f.Name, f => f.Create, StringComparer.OrdinalIgnoreCase);

        public void Add(ObjectCreator<T> creator) => creators.Add(creator.Name, creator.Create);

        public T? GetObject(string name, string? version) => creators.TryGetValue(name, out var create) ? create() : null;
    }
}
