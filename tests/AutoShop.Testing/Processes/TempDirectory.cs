namespace AutoShop.Testing.Processes;

internal static class TempDirectory
{
    /// <summary>Deletes a temporary folder; one still in use is left for the OS to clean.</summary>
    public static void TryDelete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
