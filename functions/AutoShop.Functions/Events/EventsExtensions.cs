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
        services.AddTimerFunction<OutboxRelay>(OutboxRelay.Name, OutboxRelay.Schedule);
        services.AddQueueFunction<FanOutAppointmentEvents>(FanOutAppointmentEvents.Name, EventQueues.AppointmentEvents);
        return services;
    }

    /// <summary>Gives a consumer its own queue with a copy of every appointment event.</summary>
    public static IServiceCollection AddEventSubscription(this IServiceCollection services, string queueName)
    {
        services.AddSingleton(new EventSubscription(queueName));
        services.AddStorageResources(queues: [queueName]);
        return services;
    }
}
