using System.IO.Compression;

namespace AutoShop.Deployment.Tests.Support;

/// <summary>
/// Runs scripts/publish.sh once (a self-contained linux-x64 publish plus the zip) into a temporary
/// folder and opens the zip it wrote: the exact package `az functionapp deploy` would upload.
/// </summary>
public sealed class PublishedPackage : IAsyncLifetime
{
    private readonly string workDirectory = Directory.CreateTempSubdirectory("autoshop-package-").FullName;

    public string ZipPath => Path.Combine(workDirectory, "autoshop-functions.zip");

    internal ZipArchive Zip { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var result = await ProcessRunner.RunAsync("bash",
            [RepoFiles.Combine("scripts", "publish.sh"), Path.Combine(workDirectory, "publish"), ZipPath],
            TimeSpan.FromMinutes(10), TestContext.Current.CancellationToken);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"scripts/publish.sh failed ({result.ExitCode}):\n{result.StandardOutput}\n{result.StandardError}");
        Zip = ZipFile.OpenRead(ZipPath);
    }

    public ValueTask DisposeAsync()
    {
        Zip?.Dispose();
        Directory.Delete(workDirectory, recursive: true);
        return ValueTask.CompletedTask;
    }
}
