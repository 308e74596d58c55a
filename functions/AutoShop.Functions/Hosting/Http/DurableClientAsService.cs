using Microsoft.DurableTask.Client;

namespace AutoShop.Functions.Hosting.Http;

/// <summary>
/// Tells RequestDelegateFactory that an HTTP function's <c>[DurableClient] DurableTaskClient</c> parameter
/// comes from the request's services (the local host registers its durable backend's client there), not
/// from the body. Under the Functions host the host binds it, and these endpoints only lend metadata, so
/// the parameter must not look like a request body there either.
/// </summary>
internal sealed class DurableClientAsService(IServiceProvider services) : IServiceProvider, IServiceProviderIsService
{
    public object? GetService(Type serviceType) =>
        serviceType == typeof(IServiceProviderIsService) ? this : services.GetService(serviceType);

    public bool IsService(Type serviceType) =>
        serviceType == typeof(DurableTaskClient) || services.GetService<IServiceProviderIsService>()?.IsService(serviceType) == true;
}
