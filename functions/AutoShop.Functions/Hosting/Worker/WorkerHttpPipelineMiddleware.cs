using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

using AutoShop.Functions.Hosting.Http;
using AutoShop.Functions.Storage;

namespace AutoShop.Functions.Hosting.Worker;

/// <summary>
/// In the Functions worker, runs <see cref="HttpPipeline"/> around each HTTP function invocation: the
/// host has routed the request already, so the pipeline's endpoint is the invoked function's
/// (<see cref="HttpFunctionEndpoints"/>), and its last step runs the function and writes its result.
/// Registered after the ASP.NET Core integration, so the request's <see cref="HttpContext"/> is there.
/// Queue and timer invocations wait for the app's tables and queues (<see cref="StorageProvisioner.Ready"/>),
/// as the local host's listeners do: the host may deliver a message the moment the worker starts.
/// </summary>
public sealed class WorkerHttpPipelineMiddleware : IFunctionsWorkerMiddleware
{
    private const string InvocationKey = "AutoShop.FunctionInvocation";
    private readonly HttpFunctionEndpoints endpoints;
    private readonly RequestDelegate pipeline;
    private readonly StorageProvisioner provisioner;

    public WorkerHttpPipelineMiddleware(HttpFunctionEndpoints endpoints, IServiceProvider services)
    {
        this.endpoints = endpoints;
        provisioner = services.GetRequiredService<StorageProvisioner>();
        var app = new ApplicationBuilder(services);
        app.UseAutoShopHttpPipeline(a => a.Use((http, next) =>
        {
            var (function, _) = Invocation(http);
            http.SetEndpoint(endpoints.For(function.FunctionDefinition.Name));
            return next(http);
        }));
        app.Run(RunFunctionAsync);
        pipeline = app.Build();
    }

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is not { } http)
        {
            // Queue and timer functions.
            await provisioner.Ready.WaitAsync(context.CancellationToken);
            await next(context);
            return;
        }
        http.Items[InvocationKey] = (context, next);
        await pipeline(http);
        // The response is written; the ASP.NET Core integration finds nothing left to write.
        context.GetInvocationResult().Value = Results.Empty;
    }

    private static async Task RunFunctionAsync(HttpContext http)
    {
        var (context, next) = Invocation(http);
        await next(context);
        switch (context.GetInvocationResult().Value)
        {
            case IResult result:
                await result.ExecuteAsync(http);
                break;
            case IActionResult action:
                await action.ExecuteResultAsync(new ActionContext(http, http.GetRouteData(), new ActionDescriptor()));
                break;
        }
    }

    private static (FunctionContext Context, FunctionExecutionDelegate Next) Invocation(HttpContext http) =>
        ((FunctionContext, FunctionExecutionDelegate))http.Items[InvocationKey]!;
}
