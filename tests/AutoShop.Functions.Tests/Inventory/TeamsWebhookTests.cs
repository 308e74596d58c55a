using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using AutoShop.Testing;
using static AutoShop.Functions.Tests.JobCards.PreworkHarness;

namespace AutoShop.Functions.Tests.Inventory;

public sealed class TeamsWebhookTests
{
    [Fact]
    public async Task A_shortage_posts_an_adaptive_card_to_the_configured_workflows_webhook()
    {
        var port = LoopbackPorts.GetFree(1)[0];
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/workflows/");
        listener.Start();
        var posts = new ConcurrentQueue<string>();
        var ct = TestContext.Current.CancellationToken;
        var serving = Task.Run(async () =>
        {
            while (!ct.IsCancellationRequested && listener.IsListening)
            {
                var context = await listener.GetContextAsync().WaitAsync(ct);
                using (var reader = new StreamReader(context.Request.InputStream)) posts.Enqueue(await reader.ReadToEndAsync(ct));
                context.Response.StatusCode = 202;
                context.Response.Close();
            }
        }, ct);
        await using var h = await StartAsync([("queens-blvd", "BAT-H6", 0, 14)],
            new Dictionary<string, string?> { ["Teams:WebhookUrl"] = $"http://127.0.0.1:{port}/workflows/shortages" });

        var booked = await h.BookAsync("2026-12-01T09:30", "battery-replacement");
        await h.JobCardAsync(booked.Id);
        await Support.Eventually.Until(() => !posts.IsEmpty, because: "the Teams card is posted");

        using var card = JsonDocument.Parse(posts.Single());
        var root = card.RootElement;
        Assert.Equal("message", root.GetProperty("type").GetString());
        var attachment = root.GetProperty("attachments")[0];
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.GetProperty("contentType").GetString());
        var content = attachment.GetProperty("content");
        Assert.Equal(("AdaptiveCard", "1.5"), (content.GetProperty("type").GetString(), content.GetProperty("version").GetString()));
        Assert.Contains("BAT-H6", content.GetProperty("body")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        listener.Stop();
        await Assert.ThrowsAnyAsync<Exception>(() => serving);
    }
}
