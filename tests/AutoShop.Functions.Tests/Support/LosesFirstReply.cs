using Azure.Core;
using Azure.Core.Pipeline;

namespace AutoShop.Functions.Tests.Support;

/// <summary>
/// A storage fault (register as an <see cref="HttpPipelinePolicy"/> singleton): the first request that
/// matches reaches the service and is applied, but its reply is lost on the way back (an I/O error), so
/// the SDK sends it again.
/// </summary>
public sealed class LosesFirstReply(Func<Request, bool> matches) : HttpPipelinePolicy
{
    private int lost;

    public bool HasLostOne => Volatile.Read(ref lost) == 1;

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ProcessNext(message, pipeline);
        LoseIfFirst(message);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await ProcessNextAsync(message, pipeline);
        LoseIfFirst(message);
    }

    private void LoseIfFirst(HttpMessage message)
    {
        if (matches(message.Request) && Interlocked.CompareExchange(ref lost, 1, 0) == 0)
            throw new IOException("The reply was lost on the way back (test fault).");
    }
}
