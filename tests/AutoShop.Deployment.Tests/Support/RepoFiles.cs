namespace AutoShop.Deployment.Tests.Support;

/// <summary>Files of the repository this test assembly was built from (the folder holding AutoShop.sln).</summary>
internal static class RepoFiles
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string Root => LazyRoot.Value;

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AutoShop.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"AutoShop.sln was not found above {AppContext.BaseDirectory}.");
    }
}
