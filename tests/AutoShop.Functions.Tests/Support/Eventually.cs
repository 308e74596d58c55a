using System.Collections;
using System.Diagnostics;

namespace AutoShop.Functions.Tests.Support;

/// <summary>Bounded polling for effects of background work: never an open-ended wait.</summary>
public static class Eventually
{
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? timeout = null, string? because = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(20);
        var watch = Stopwatch.StartNew();
        var pause = TimeSpan.FromMilliseconds(20);
        while (true)
        {
            var value = await probe();
            if (done(value)) return value;
            if (watch.Elapsed > limit)
                throw new TimeoutException($"Condition not met within {limit.TotalSeconds:0.#} s{(because is null ? "" : ": " + because)}. Last value: {Describe(value)}");
            await Task.Delay(pause, TestContext.Current.CancellationToken);
            pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 250));
        }
    }

    /// <summary>A collection's items (the first 20), not its type name, so a timeout says what was missing.</summary>
    private static string Describe(object? value) => value switch
    {
        null => "null",
        string text => text,
        IEnumerable items => $"[{string.Join(", ", items.Cast<object?>().Take(20))}{(items.Cast<object?>().Skip(20).Any() ? ", ..." : "")}] ({items.Cast<object?>().Count()} items)",
        _ => value.ToString() ?? "",
    };

    public static Task Until(Func<bool> condition, TimeSpan? timeout = null, string? because = null) =>
        Until(() => Task.FromResult(condition()), ok => ok, timeout, because);
}
