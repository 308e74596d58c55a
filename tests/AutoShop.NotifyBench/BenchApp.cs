using System.Globalization;
using AutoShop.Functions.Email;
using AutoShop.Functions.Events;
using AutoShop.Functions.Hosting.Catalog;
using AutoShop.Functions.Notifications.Flows;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AutoShop.NotifyBench;

/// <summary>
/// The real app in process, standalone mode (its own queue listeners), against the benchmark's
/// Azurite and MailDev. Only two things differ from production wiring: the outbox sweep is off
/// (the benchmark publishes the events itself, once) and email sends are timed.
/// </summary>
internal sealed class BenchApp(string storage, int smtpPort, SendRecorder recorder, bool reminders) : WebApplicationFactory<AutoShop.LocalHost.Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Benchmark");
        builder.UseSetting("AzureWebJobsStorage", storage);
        // Notifications only: no durable worker polling beside the measured work (the hub name is required all the same).
        builder.UseSetting("DurableTaskHubName", "AutoShopBench");
        builder.UseSetting("LocalHost:Durable:RunWorker", "false");
        builder.UseSetting("Staff:ApiKeys:bench", "bench-staff-key-0123456789");
        builder.UseSetting("Email:SmtpHost", "127.0.0.1");
        builder.UseSetting("Email:SmtpPort", smtpPort.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Email:UseStartTls", "false");
        builder.UseSetting("Email:From", "AutoShop Bench <no-reply@autoshop.local>");
        builder.UseSetting("Links:PublicBaseUrl", "http://localhost");
        builder.UseSetting("Links:SigningKeys:Current", "bench1:YmVuY2gtb25seS1saW5rLXNpZ25pbmcta2V5LTAwMDAwMDAwMDAwMA==");
        builder.UseSetting("Approvals:Approvers", "approver@autoshop.local");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:AutoShop.Functions.Hosting.FunctionInvoker", Environment.GetEnvironmentVariable("BENCH_INVOKER_LOG") ?? "Warning");
        if (!reminders) builder.UseSetting("Notifications:ReminderOffsets", "");
        // The benchmark queues its events itself: no outbox sweep.
        builder.UseSetting($"AzureWebJobs:{OutboxRelay.Name}:Disabled", "true");
        builder.ConfigureServices(services =>
        {
            var email = services.Single(d => d.ServiceType == typeof(IEmailSender) && d.IsKeyedService && Equals(d.ServiceKey, ChannelSenders.EmailSenderKey));
            services.Remove(email);
            services.AddKeyedSingleton<IEmailSender>(ChannelSenders.EmailSenderKey, (sp, _) =>
                new RecordingEmailSender((IEmailSender)ActivatorUtilities.CreateInstance(sp, email.KeyedImplementationType!), recorder));
        });
    }
}
