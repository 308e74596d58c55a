using System.Collections.Concurrent;
using System.Diagnostics;
using AutoShop.Functions.Email;

namespace AutoShop.NotifyBench;

/// <summary>When each email left the app (SMTP send completed), by recipient, on the benchmark's stopwatch.</summary>
internal sealed class SendRecorder
{
    public ConcurrentDictionary<string, TimeSpan> SentAt { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Stopwatch Clock { get; } = Stopwatch.StartNew();

    public int Count => SentAt.Count;
}

/// <summary>Wraps the app's email sender to time each send; adds nothing to the send itself.</summary>
internal sealed class RecordingEmailSender(IEmailSender inner, SendRecorder recorder) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        await inner.SendAsync(message, cancellationToken);
        recorder.SentAt.TryAdd(message.To, recorder.Clock.Elapsed);
    }
}
