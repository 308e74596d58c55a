namespace AutoShop.Functions.Tests.Support;

/// <summary>
/// Tests that time a minute-long scenario end to end (a 60 s SMTP outage with a hundred bookings) run after the
/// parallel tests, on their own: with the rest of the suite sharing two cores they measured the machine's load,
/// not the app (16 of 100 confirmations still queued 180 s after the outage in one full run; 5.7 s alone).
/// </summary>
[CollectionDefinition(nameof(RunsAlone), DisableParallelization = true)]
public sealed class RunsAlone;
