using AutoShop.Functions.Storage;

namespace AutoShop.Functions.Idempotency;

public static class IdempotencyExtensions
{
    public static IServiceCollection AddIdempotency(this IServiceCollection services)
    {
        services.AddSingleton<IIdempotencyStore, TableIdempotencyStore>();
        services.AddStorageResources(tables: [TableIdempotencyStore.Table]);
        return services;
    }

    /// <summary>Honours <c>Idempotency-Key</c> on this endpoint and caps its body size.</summary>
    public static TBuilder WithIdempotency<TBuilder>(this TBuilder builder, string scope, long maxBodyBytes) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new IdempotentAttribute(scope, maxBodyBytes));
}
