using System.Globalization;

namespace AutoShop.LoadTests;

/// <summary>
/// CPU time a process has used (Linux <c>/proc/{pid}/stat</c>). On a shared machine, wall-clock
/// throughput swings with other people's load; the CPU time Azurite and the app spend per request
/// does not, so the tool reports both.
/// </summary>
public sealed class ProcessCpu(int pid)
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    public static ProcessCpu? Find(Func<string, bool> commandLine)
    {
        if (!Directory.Exists("/proc")) return null;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            try
            {
                if (commandLine(File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' '))) return new ProcessCpu(pid);
            }
            catch (IOException)
            {
                // the process ended while we looked
            }
            catch (UnauthorizedAccessException)
            {
                // someone else's process
            }
        }
        return null;
    }

    /// <summary>User plus system CPU time so far.</summary>
    public TimeSpan Used()
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // Fields after the parenthesised command name; utime and stime are fields 14 and 15 of the whole line.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    /// <summary>CPU time used while <paramref name="work"/> ran.</summary>
    public static async Task<(T Result, TimeSpan? Azurite, TimeSpan? App)> MeasureAsync<T>(ProcessCpu? azurite, ProcessCpu? app, Func<Task<T>> work)
    {
        var (a0, p0) = (azurite?.Used(), app?.Used());
        var result = await work();
        return (result, azurite?.Used() - a0, app?.Used() - p0);
    }
}
