using AutoShop.Functions.Hosting.Catalog;
using AutoShop.Functions.Storage;

namespace AutoShop.Functions.Events;

public static class EventsExtensions
{
    public static IServiceCollection AddAppointmentEvents(this IServiceCollection services)
    {
        services.AddSingleton<IEventPublisher, QueueEventPublisher>();
        services.AddSingleton<IOutboxStore, TableOutboxStore>();
        services.AddStorageResources(tables: [TableNames.Shops, TableNames.Schedule], queues: [EventQueues.AppointmentEvents]);
        services.AddSingleton<OutboxRelay>();
        services.AddSingleton<FanOutAppointmentEvents>();
        return services;
    }

    /// <summary>Gives a consumer its own queue for every appointment event (see <see cref="EventSubscription"/>).</summary>
    public static IServiceCollection AddEventSubscription(this IServiceCollection services, string queueName, bool inProcess = true)
    {
        services.AddSingleton(new EventSubscription(queueName, inProcess));
        services.AddStorageResources(queues: [queueName]);
        return services;
    }
}
