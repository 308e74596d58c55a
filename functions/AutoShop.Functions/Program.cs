using AutoShop.Functions;
using AutoShop.Functions.Hosting.Http;
using Microsoft.Azure.Functions.Worker.Builder;

// The isolated worker, started by the Azure Functions host. functions/AutoShop.LocalHost runs the
// same functions and the same composition without a host.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<WorkerHttpPipelineMiddleware>();
builder.AddAutoShop();
builder.Build().Run();
