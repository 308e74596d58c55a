using AutoShop.Functions.Hosting.Catalog;

namespace AutoShop.Functions.Hosting.Publish;

/// <summary>
/// <c>AutoShop.Functions functions-metadata --output DIR</c>: writes host.json and every
/// function.json from the built app's catalog, without starting the app. scripts/publish.sh calls it.
/// </summary>
public static class FunctionMetadataCommand
{
    public const string Verb = "functions-metadata";

    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == Verb;

    public static int Run(WebApplication app, string[] args)
    {
        var outputIndex = Array.IndexOf(args, "--output");
        if (outputIndex < 0 || outputIndex + 1 >= args.Length)
        {
            Console.Error.WriteLine($"usage: AutoShop.Functions {Verb} --output <folder>");
            return 2;
        }
        // Before the app starts, its endpoints are only in its own data sources, not yet routed through DI.
        var catalog = new FunctionCatalog(app.Services.GetServices<FunctionDefinition>(),
            new CompositeEndpointDataSource(((IEndpointRouteBuilder)app).DataSources));
        var written = FunctionJsonWriter.Write(catalog, HostJsonSettings.Locate(AppContext.BaseDirectory), args[outputIndex + 1]);
        Console.WriteLine($"Wrote host.json and {written.Count} function.json files to {Path.GetFullPath(args[outputIndex + 1])}");
        return 0;
    }
}
