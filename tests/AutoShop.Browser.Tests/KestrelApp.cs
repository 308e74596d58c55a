using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using AutoShop.Testing;

namespace AutoShop.Browser.Tests;

/// <summary>
/// The real app on a real loopback Kestrel port (a browser cannot reach the in-memory test server),
/// in standalone mode against the fixture's Azurite and MailDev, with a fake business clock.
/// </summary>
public sealed class KestrelApp : WebApplicationFactory<AutoShop.LocalHost.Program>
{
    public const string StaffKey = "browser-staff-key-0123456789";
    private readonly DevServicesFixture services;
    private readonly int port = LoopbackPorts.GetFree(1)[0];

    public KestrelApp(DevServicesFixture services, FakeTimeProvider clock, string approver)
    {
        this.services = services;
        Clock = clock;
        Approver = approver;
        UseKestrel(port);
    }

    public FakeTimeProvider Clock { get; }
    public string Approver { get; }
    public Uri BaseUri => new($"http://127.0.0.1:{port}");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ConfigureBrowserApp(builder, services.Azurite.NewAccountConnectionString(), BaseUri.ToString(), StaffKey, Clock);
        builder.UseSetting("Email:SmtpPort", services.MailDev.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Approvals:Approvers", Approver);
        builder.UseSetting("Seed:DemoData", "true");
    }

    /// <summary>What every app a browser test serves needs: storage, a staff key, mail and link settings, a fake clock.</summary>
    public static void ConfigureBrowserApp(IWebHostBuilder builder, string storage, string baseUrl, string staffKey, TimeProvider clock)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("AzureWebJobsStorage", storage);
        // Each app has its own storage account, so one task hub name serves them all; polling as local.settings.sample.json.
        builder.UseSetting("DurableTaskHubName", "AutoShopBrowser");
        builder.UseSetting("LocalHost:Durable:MaxQueuePollingInterval", "00:00:01");
        builder.UseSetting(AutoShop.LocalHost.LocalHostExtensions.UrlsSetting, baseUrl);
        builder.UseSetting("Staff:ApiKeys:browser", staffKey);
        builder.UseSetting("Email:SmtpHost", "127.0.0.1");
        builder.UseSetting("Email:UseStartTls", "false");
        builder.UseSetting("Email:From", "AutoShop <no-reply@autoshop.test>");
        builder.UseSetting("Links:PublicBaseUrl", baseUrl);
        builder.UseSetting("Links:SigningKeys:Current", "browser1:YnJvd3Nlci10ZXN0LWxpbmstc2lnbmluZy1rZXktMDAwMDAwMDA=");
        // A loaded test machine can take longer than the production budget (2 s) for a healthy page.
        builder.UseSetting("Storage:RequestBudget", "00:01:00");
        builder.ConfigureServices(s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)));
    }

    public HttpClient Api()
    {
        StartServer();
        var client = new HttpClient { BaseAddress = BaseUri };
        client.DefaultRequestHeaders.Add("X-Api-Key", StaffKey);
        return client;
    }
}
