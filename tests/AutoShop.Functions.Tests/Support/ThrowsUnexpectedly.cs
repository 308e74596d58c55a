using Azure.Core;
using Azure.Core.Pipeline;

namespace AutoShop.Functions.Tests.Support;

/// <summary>
/// A fault no code expects (register as an <see cref="HttpPipelinePolicy"/> singleton): the first
/// <paramref name="times"/> requests that match throw <see cref="InvalidOperationException"/> before
/// they are sent. The SDK does not retry it, so it reaches the caller as it is.
/// </summary>
public sealed class ThrowsUnexpectedly(Func<Request, bool> matches, int times) : HttpPipelinePolicy
{
    private int thrown;

    public int Thrown => Volatile.Read(ref thrown);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ThrowIfDue(message);
        ProcessNext(message, pipeline);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ThrowIfDue(message);
        await ProcessNextAsync(message, pipeline);
    }

    private void ThrowIfDue(HttpMessage message)
    {
        if (matches(message.Request) && Interlocked.Increment(ref thrown) <= times)
            throw new InvalidOperationException("Something no one planned for (test fault).");
    }
}
