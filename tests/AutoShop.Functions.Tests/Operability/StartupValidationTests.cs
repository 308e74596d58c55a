using AutoShop.Functions.Tests.Support;
using Microsoft.Extensions.Options;

namespace AutoShop.Functions.Tests.Operability;

public class StartupValidationTests
{
    [Fact]
    public async Task A_missing_storage_setting_stops_the_app_naming_the_setting()
    {
        await using var app = new AutoShopApp("");

        var error = Assert.Throws<OptionsValidationException>(() => app.CreateClient());

        Assert.Contains("AzureWebJobsStorage", error.Message);
    }

    [Fact]
    public async Task A_too_short_staff_api_key_stops_the_app_naming_the_setting()
    {
        await using var app = new AutoShopApp(TestStorage.NewAccount());
        app.Settings["Staff:ApiKeys:weak"] = "short";

        var error = Assert.Throws<OptionsValidationException>(() => app.CreateClient());

        Assert.Contains("Staff__ApiKeys__weak", error.Message);
    }

    [Fact]
    public async Task A_malformed_custom_handler_port_stops_the_app()
    {
        await using var app = new AutoShopApp(TestStorage.NewAccount());
        app.Settings["FUNCTIONS_CUSTOMHANDLER_PORT"] = "not-a-port";

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("FUNCTIONS_CUSTOMHANDLER_PORT", error.ToString());
    }
}
