using AutoShop.Functions.Hosting.Catalog;
using AutoShop.Functions.Staff;
using AutoShop.Functions.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AutoShop.Functions.Operations;

/// <summary>Staff can see what ended in a poison queue, instead of it failing silently.</summary>
public static class PoisonMessagesApi
{
    public static IEndpointRouteBuilder MapPoisonMessages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/ops/poison-messages", ListPoisonMessages)
            .WithName("ListPoisonMessages")
            .WithSummary("Messages that failed every delivery attempt, per poison queue (peeked, not removed)")
            .WithTags("Operations")
            .RequireAuthorization(StaffPolicy.Name);
        return app;
    }

    public sealed record PoisonMessage(string Queue, string MessageId, DateTimeOffset? InsertedOn, long DequeueCount, string Body);

    public static async Task<Ok<IReadOnlyList<PoisonMessage>>> ListPoisonMessages(FunctionCatalog catalog, StorageClients storage, CancellationToken ct)
    {
        var result = new List<PoisonMessage>();
        foreach (var queue in catalog.Of<QueueFunctionTrigger>().Select(f => ((QueueFunctionTrigger)f.Trigger).QueueName + "-poison").Distinct())
        {
            var peeked = await storage.Queues.GetQueueClient(queue).PeekMessagesAsync(32, ct);
            result.AddRange(peeked.Value.Select(m => new PoisonMessage(queue, m.MessageId, m.InsertedOn, m.DequeueCount, m.Body.ToString())));
        }
        return TypedResults.Ok<IReadOnlyList<PoisonMessage>>(result);
    }
}
