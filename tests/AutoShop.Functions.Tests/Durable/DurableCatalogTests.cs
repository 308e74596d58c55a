using AutoShop.Functions.Hosting.Catalog;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace AutoShop.Functions.Tests.Durable;

/// <summary>
/// The catalog knows orchestrator and activity functions and the [DurableClient] parameter, and refuses what
/// the Functions worker and the local host would not bind alike. No storage: the catalog only reads attributes.
/// </summary>
public sealed class DurableCatalogTests
{
    [Fact]
    public void Orchestrators_and_activities_are_read_with_their_input_types()
    {
        var functions = Catalog<ProbeOrchestration>().Functions.Concat(Catalog<FanOutProbeOrchestration>().Functions).Concat(Catalog<ProbeActivities>().Functions)
            .ToDictionary(f => f.Name, f => f.Trigger);

        Assert.Equal(new OrchestrationFunctionTrigger(null), functions[ProbeOrchestration.Name]);
        Assert.Equal(new OrchestrationFunctionTrigger(typeof(string)), functions[FanOutProbeOrchestration.Name]);
        Assert.Equal(new ActivityFunctionTrigger(typeof(TimerDue)), functions[ProbeActivities.TimerFired]);
        Assert.Equal(new ActivityFunctionTrigger(typeof(string)), functions[ProbeActivities.Work]);
    }

    [Fact]
    public void HTTP_and_queue_functions_may_take_a_DurableClient()
    {
        var starters = Catalog<ProbeStarters>().Functions;

        Assert.Contains(starters, f => f.Trigger is HttpFunctionTrigger);
        Assert.Contains(starters, f => f.Trigger is QueueFunctionTrigger);
    }

    [Theory]
    [InlineData(typeof(ClientWithoutAttribute), "without [DurableClient]")]
    [InlineData(typeof(AttributeOnAString), "binds [DurableClient] to String")]
    [InlineData(typeof(TwoClients), "more than one durable client")]
    [InlineData(typeof(OrchestratorWithClient), "only HTTP, queue and timer functions start or signal orchestrations")]
    [InlineData(typeof(ActivityWithClient), "only HTTP, queue and timer functions start or signal orchestrations")]
    [InlineData(typeof(OrchestratorWithToken), "takes a CancellationToken")]
    [InlineData(typeof(OrchestratorWithTwoInputs), "more than its context and one input")]
    [InlineData(typeof(OrchestratorReturningVoid), "must return Task or Task<T>")]
    [InlineData(typeof(OrchestratorOnWrongType), "binds its trigger to String; use TaskOrchestrationContext")]
    [InlineData(typeof(ActivityWithService), "an activity takes its input and a CancellationToken")]
    [InlineData(typeof(ActivityReturningValueTask), "returns a ValueTask")]
    [InlineData(typeof(OrchestratorAndQueueTrigger), "needs exactly one trigger parameter")]
    public void A_function_the_two_hosts_would_bind_differently_is_refused(Type functions, string problem)
    {
        var catalog = new FunctionCatalog([new FunctionSource(Type: functions)]);

        var refused = Assert.Throws<InvalidOperationException>(() => catalog.Functions);

        Assert.Contains(problem, refused.Message, StringComparison.Ordinal);
    }

    private static FunctionCatalog Catalog<T>() => new([new FunctionSource(Type: typeof(T))]);

    // The shapes under test, never run. The Durable analyzers refuse some of them at build time as well
    // (DURABLE0007, 0008, 1001, 1002); the catalog refuses them at start, whatever escaped the analyzers.
#pragma warning disable CA1822, IDE0060, DURABLE0007, DURABLE0008, DURABLE1001, DURABLE1002
    public sealed class ClientWithoutAttribute
    {
        [Function("NoAttribute")]
        public Task RunAsync([QueueTrigger("test-q1")] string message, DurableTaskClient client) => Task.CompletedTask;
    }

    public sealed class AttributeOnAString
    {
        [Function("ClientAsString")]
        public Task RunAsync([QueueTrigger("test-q1")] string message, [DurableClient] string client) => Task.CompletedTask;
    }

    public sealed class TwoClients
    {
        [Function("TwoClients")]
        public Task RunAsync([QueueTrigger("test-q1")] string message, [DurableClient] DurableTaskClient one, [DurableClient] DurableTaskClient two) => Task.CompletedTask;
    }

    public sealed class OrchestratorWithClient
    {
        [Function("OrchestratorWithClient")]
        public Task RunAsync([OrchestrationTrigger] TaskOrchestrationContext context, [DurableClient] DurableTaskClient client) => Task.CompletedTask;
    }

    public sealed class ActivityWithClient
    {
        [Function("ActivityWithClient")]
        public Task RunAsync([ActivityTrigger] string input, [DurableClient] DurableTaskClient client) => Task.CompletedTask;
    }

    public sealed class OrchestratorWithToken
    {
        [Function("OrchestratorWithToken")]
        public Task RunAsync([OrchestrationTrigger] TaskOrchestrationContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    public sealed class OrchestratorWithTwoInputs
    {
        [Function("OrchestratorWithTwoInputs")]
        public Task RunAsync([OrchestrationTrigger] TaskOrchestrationContext context, string first, string second) => Task.CompletedTask;
    }

    public sealed class OrchestratorReturningVoid
    {
        [Function("OrchestratorReturningVoid")]
        public void Run([OrchestrationTrigger] TaskOrchestrationContext context)
        {
        }
    }

    public sealed class OrchestratorOnWrongType
    {
        [Function("OrchestratorOnWrongType")]
        public Task RunAsync([OrchestrationTrigger] string context) => Task.CompletedTask;
    }

    public sealed class ActivityWithService
    {
        [Function("ActivityWithService")]
        public Task RunAsync([ActivityTrigger] string input, HttpContext service) => Task.CompletedTask;
    }

    public sealed class ActivityReturningValueTask
    {
        [Function("ActivityReturningValueTask")]
        public ValueTask RunAsync([ActivityTrigger] string input) => ValueTask.CompletedTask;
    }

    public sealed class OrchestratorAndQueueTrigger
    {
        [Function("TwoTriggers")]
        public Task RunAsync([OrchestrationTrigger] TaskOrchestrationContext context, [QueueTrigger("test-q1")] string message) => Task.CompletedTask;
    }
#pragma warning restore CA1822, IDE0060, DURABLE0007, DURABLE0008, DURABLE1001, DURABLE1002
}
