using AutoShop.Functions;

namespace AutoShop.LocalHost;

/// <summary>
/// The local host: the app's own composition (<see cref="AppComposition"/>) with HTTP served by Kestrel
/// and the queue and timer triggers run here instead of by the Functions host.
/// </summary>
public sealed class Program
{
    private Program() { }

    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (builder.Environment.IsDevelopment())
            builder.Configuration.AddLocalSettings(builder.Environment.ContentRootPath);
        builder.AddAutoShop();
        builder.AddLocalTriggers();

        var app = builder.Build();
        app.MapLocalFunctions();
        app.Run();
    }
}
