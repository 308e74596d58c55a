namespace AutoShop.Testing;

/// <summary>Well-known folders of the repository, found from the test assembly's location.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The folder holding <c>AutoShop.sln</c>.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary><c>infra/node_modules</c>, installed by <c>npm ci --prefix infra</c>.</summary>
    public static string InfraNodeModules => Path.Combine(Root, "infra", "node_modules");

    /// <summary><c>artifacts/</c>: test results, screenshots and other outputs (git-ignored).</summary>
    public static string Artifacts => Path.Combine(Root, "artifacts");

    /// <summary><c>artifacts/screenshots/</c>.</summary>
    public static string Screenshots => Path.Combine(Artifacts, "screenshots");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AutoShop.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException(
            $"Could not find AutoShop.sln in {AppContext.BaseDirectory} or any folder above it.");
    }
}
