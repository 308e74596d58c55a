using AutoShop.Functions.Tests.Operability;

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
        // The real executable, as StartupValidationTests does: the in-memory host races its own disposal when start fails.
        var settings = StartupValidationTests.ValidSettings();
        settings[key.Replace(":", "__", StringComparison.Ordinal)] = value;

        var (exitCode, output) = await StartupValidationTests.StartAsync(settings);

        Assert.NotEqual(0, exitCode);
        Assert.Contains(named, output);
    }
}
