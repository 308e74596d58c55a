using AutoShop.Functions.Storage;
using Microsoft.Extensions.Options;

namespace AutoShop.Functions.Operability;

/// <summary>Marks an endpoint whose work the request budget does not bound (the Functions host's invocations of queue and timer functions).</summary>
public sealed record NoRequestBudget;

/// <summary>
/// Marks an endpoint that answers before the app's tables exist (health): every other request waits for
/// <see cref="StorageProvisioner.TablesReady"/> within its budget.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class AnswersBeforeStorageIsReadyAttribute : Attribute;

/// <summary>
/// Every request answers within its budget (<c>Storage__RequestBudget</c>): the request's cancellation token
/// (<see cref="HttpContext.RequestAborted"/>, which endpoints pass to storage) is cancelled when the budget runs
/// out, and the request then answers 503 with <c>Retry-After</c>. Without it, a storage account that refused
/// connections held requests for the SDK's retries (6 s and a 500) and one that stopped answering held them
/// for the SDK's network timeout. A request that arrives while the app is still creating its tables
/// (just started, or storage was down at start) waits for them within the same budget instead of meeting a
/// missing table. A request that ran out of time never reports success: whatever it wrote is
/// either retried safely (<c>Idempotency-Key</c>, the schedule's insert-only claims and version rows) or, for
/// events already committed, relayed by the outbox sweep.
/// </summary>
public sealed partial class RequestBudgetMiddleware(
    RequestDelegate next,
    IOptions<StorageResilienceOptions> options,
    [FromKeyedServices(RequestBudgetMiddleware.Clock)] TimeProvider clock,
    StorageUnavailableAnswer answer,
    StorageProvisioner provisioner,
    ILogger<RequestBudgetMiddleware> logger)
{
    /// <summary>The budget runs on real time even where business time is faked.</summary>
    public const string Clock = "request-budget";

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<NoRequestBudget>() is not null)
        {
            await next(context);
            return;
        }
        var aborted = context.RequestAborted;
        var body = context.Request.Body;
        using var budget = new RequestBudget(options.Value.RequestBudget, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, budget.Token);
        context.RequestAborted = linked.Token;
        context.Request.Body = new BudgetPausingStream(body, budget);
        context.Features.Set(budget);
        context.Response.OnStarting(() =>
        {
            budget.Lift();
            return Task.CompletedTask;
        });
        try
        {
            if (!provisioner.TablesReady.IsCompleted && context.GetEndpoint()?.Metadata.GetMetadata<AnswersBeforeStorageIsReadyAttribute>() is null)
                await provisioner.TablesReady.WaitAsync(linked.Token);
            await next(context);
        }
        catch (Exception ex) when (budget.IsExhausted && !aborted.IsCancellationRequested && !context.Response.HasStarted
                                   && (ex is OperationCanceledException || StorageFaults.IsUnavailable(ex)))
        {
            // The answer is written with the client's own token: the budget's is spent.
            context.RequestAborted = aborted;
            LogOverBudget(logger, options.Value.RequestBudget.TotalMilliseconds, context.GetEndpoint()?.DisplayName);
            await answer.WriteAsync(context, StorageUnavailableAnswer.OverBudget);
        }
        finally
        {
            context.RequestAborted = aborted;
            context.Request.Body = body;
            context.Features.Set<RequestBudget>(null);
        }
    }

    [LoggerMessage(LogLevel.Warning, "A request to {Endpoint} ran out of its {BudgetMs} ms budget; answered 503")]
    private static partial void LogOverBudget(ILogger logger, double budgetMs, string? endpoint);
}

public static class RequestBudgetExtensions
{
    /// <summary>The request budget and the 503 answer for storage faults (<see cref="StorageUnavailableHandler"/>).</summary>
    public static IServiceCollection AddRequestBudget(this IServiceCollection services)
    {
        services.AddKeyedSingleton(RequestBudgetMiddleware.Clock, TimeProvider.System);
        services.AddSingleton<StorageUnavailableAnswer>();
        services.AddExceptionHandler<StorageUnavailableHandler>();
        return services;
    }

    /// <summary>After routing (an endpoint may be exempt), inside the exception handler.</summary>
    public static IApplicationBuilder UseRequestBudget(this IApplicationBuilder app) => app.UseMiddleware<RequestBudgetMiddleware>();

    public static TBuilder WithoutRequestBudget<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new NoRequestBudget());
}
