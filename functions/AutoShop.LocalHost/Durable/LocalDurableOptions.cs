using System.ComponentModel.DataAnnotations;

namespace AutoShop.LocalHost.Durable;

/// <summary>
/// How this local host takes part in the task hub; the hub itself (name, partitions) is host.json's
/// (<see cref="TaskHubLayout"/>), the same for every host.
/// </summary>
public sealed class LocalDurableOptions
{
    public const string Section = "LocalHost:Durable";

    /// <summary>
    /// The longest an idle worker waits between polls of its queues; empty takes host.json's (meant for Azure).
    /// A durable timer or a raised event is seen at most this late, and DTFx's back-off grows to it while idle:
    /// locally 1 s keeps timers and tests prompt, at about 1 % of a core of the storage emulator per worker.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan? MaxQueuePollingInterval { get; set; }

    /// <summary>
    /// Whether this host runs a worker for the app's orchestrator and activity functions (only if it has any, and
    /// only with triggers on). Off, the host still starts, signals and queries instances (the hub is created when a
    /// starter first needs it) but never polls the hub's queues: for a host that only serves HTTP next to one that
    /// runs the work, and for integration tests that do not exercise orchestrations.
    /// </summary>
    public bool RunWorker { get; set; } = true;

    /// <summary>
    /// This worker's name in the hub's partition table. Empty: machine, process and a counter, unique per
    /// host. Set a stable name per slot (a container replica's name) so a restarted slot takes its partitions
    /// back at once instead of waiting for their leases to expire; never give two running hosts the same one.
    /// </summary>
    public string? WorkerId { get; set; }
}
