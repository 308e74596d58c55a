using AutoShop.Functions.Tests.Support;
using Microsoft.Extensions.Options;

namespace AutoShop.Functions.Tests.Reporting;

public class ReportingSettingsTests
{
    [Theory]
    [InlineData("Reporting:DailyDropLocalTime", "25:00", "Reporting__DailyDropLocalTime")]
    [InlineData("Reporting:LateCancellationHours", "-1", "Reporting__LateCancellationHours")]
    [InlineData("Reporting:DashboardSigningKey", "too-short", "Reporting__DashboardSigningKey")]
    [InlineData("Reporting:MaxCatchUpDays", "0", "Reporting__MaxCatchUpDays")]
    public async Task A_bad_reporting_setting_stops_the_app_naming_the_setting(string key, string value, string named)
    {
        await using var app = new AutoShopApp(TestStorage.NewAccount());
        app.Settings[key] = value;

        var error = Assert.Throws<OptionsValidationException>(() => app.CreateClient());

        Assert.Contains(named, error.Message);
    }
}
