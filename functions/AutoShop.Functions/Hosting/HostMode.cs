using System.Globalization;

namespace AutoShop.Functions.Hosting;

/// <summary>
/// Custom-handler mode when the Functions host set <c>FUNCTIONS_CUSTOMHANDLER_PORT</c>; otherwise
/// standalone mode, where the app serves HTTP itself and runs its own queue and timer triggers.
/// </summary>
public sealed record HostMode(bool IsCustomHandler, string Urls)
{
    public const string PortSetting = "FUNCTIONS_CUSTOMHANDLER_PORT";
    public const string StandaloneUrlsSetting = "Standalone:Urls";
    public const string DefaultStandaloneUrls = "http://127.0.0.1:7071";

    public bool IsStandalone => !IsCustomHandler;

    public static HostMode From(IConfiguration configuration)
    {
        var port = configuration[PortSetting];
        if (!string.IsNullOrWhiteSpace(port))
        {
            if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p is < 1 or > 65535)
                throw new InvalidOperationException($"{PortSetting} must be a TCP port number, got '{port}'.");
            return new HostMode(true, $"http://127.0.0.1:{p}");
        }
        var urls = configuration[StandaloneUrlsSetting];
        return new HostMode(false, string.IsNullOrWhiteSpace(urls) ? DefaultStandaloneUrls : urls);
    }
}
