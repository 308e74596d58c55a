using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace AutoShop.Functions.Tests.Support;

/// <summary>
/// Records every storage request the app sends (register as an <see cref="HttpPipelinePolicy"/> singleton):
/// method and unescaped path with query, for tests that pin how many round trips a flow costs.
/// </summary>
public sealed class StorageRequests : HttpPipelineSynchronousPolicy
{
    private readonly ConcurrentQueue<(string Method, string Target)> sent = new();

    public override void OnSendingRequest(HttpMessage message) =>
        sent.Enqueue((message.Request.Method.Method, Uri.UnescapeDataString(message.Request.Uri.ToUri().PathAndQuery)));

    /// <summary>Requests whose method matches and whose path and query contain every one of <paramref name="parts"/>.</summary>
    public int Count(string method, params string[] parts) =>
        sent.Count(r => r.Method == method && parts.All(p => r.Target.Contains(p, StringComparison.Ordinal)));

    public override string ToString() => string.Join(Environment.NewLine, sent.Select(r => $"{r.Method} {r.Target}"));
}
