using AutoShop.Domain.Notifications;
using AutoShop.Functions.Email;
using AutoShop.Functions.Events;
using AutoShop.Functions.Notifications.Calendar;
using AutoShop.Functions.Notifications.Consent;
using AutoShop.Functions.Notifications.Delivery;
using AutoShop.Functions.Notifications.Email;
using AutoShop.Functions.Notifications.Flows;
using AutoShop.Functions.Notifications.Sms;
using AutoShop.Functions.Notifications.Templates;
using AutoShop.Functions.Storage;
using Microsoft.Extensions.Options;

namespace AutoShop.Functions.Notifications;

public static class NotificationsExtensions
{
    /// <summary>
    /// Customer notifications: event consumer, timers, templates, consent, delivery log and the
    /// SMS channel (ACS when <c>Sms:ConnectionString</c> and <c>Sms:From</c> are set, else the dev outbox).
    /// </summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SmsOptions>().BindConfiguration(SmsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient(nameof(AcsSmsSender));
        services.AddSingleton<ISmsChannel>(sp =>
        {
            var sms = sp.GetRequiredService<IOptions<SmsOptions>>().Value;
            if (!sms.UsesAcs) return ActivatorUtilities.CreateInstance<DevSmsOutbox>(sp);
            var settings = new AcsSmsSenderSettings(AcsConnectionString.Parse(sms.ConnectionString), sms.From!, sms.EnableDeliveryReport);
            var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(AcsSmsSender));
            return new AcsSmsChannel(new AcsSmsSender(http, settings, sp.GetRequiredService<TimeProvider>()));
        });

        services.AddSingleton(sp => new TemplateRenderer(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new CalendarInvite(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<TemplateStore>();
        services.AddSingleton<DeliveryLog>();
        services.AddSingleton<UndeliveredMessages>();
        services.AddSingleton<TrackedSends>();
        services.AddSingleton<ConsentLedger>();
        services.AddSingleton<Recipients>();
        services.AddSingleton<NotificationContexts>();
        services.AddKeyedSingleton<IEmailSender, PooledSmtpEmailSender>(ChannelSenders.EmailSenderKey);
        services.AddSingleton<ChannelSenders>();
        services.AddSingleton<MessageDelivery>();
        services.AddSingleton<NotificationTimers>();
        services.AddSingleton<NotificationDispatcher>();
        services.AddSingleton<ReminderScheduler>();
        services.AddSingleton<InboundSmsHandler>();
        services.AddSingleton<InboundSmsEvents>();
        services.AddSingleton<ManageLinkAppointments>();
        services.AddSingleton<CustomerPreferences>();

        services.AddStorageResources(tables: [TemplateStore.Table, DeliveryLog.Table, UndeliveredMessages.Table, ConsentLedger.Table, DevSmsOutbox.Table]);
        services.AddEventSubscription(PlanNotifications.Queue);
        services.AddSingleton<PlanNotifications>();
        services.AddSingleton<SendScheduledNotifications>();
        return services;
    }
}
