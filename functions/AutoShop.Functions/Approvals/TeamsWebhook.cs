using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace AutoShop.Functions.Approvals;

public sealed class TeamsOptions
{
    public const string Section = "Teams";

    /// <summary>The URL of a Teams Workflows "When a Teams webhook request is received" flow; empty disables Teams posts.</summary>
    public Uri? WebhookUrl { get; set; }
}

/// <summary>
/// Posts Adaptive Cards (v1.5) to a Teams channel through a Workflows webhook. Without a bot only
/// <c>Action.OpenUrl</c> works, so buttons open the signed confirmation page.
/// </summary>
public sealed class TeamsWebhook(HttpClient http, IOptions<TeamsOptions> options)
{
    public bool IsConfigured => options.Value.WebhookUrl is not null;

    public async Task PostCardAsync(string title, IReadOnlyList<(string Label, string Value)> facts, IReadOnlyList<(string Title, string Url)> actions, CancellationToken ct)
    {
        if (options.Value.WebhookUrl is not { } url) return;
        var response = await http.PostAsJsonAsync(url, Envelope(title, facts, actions), ct);
        response.EnsureSuccessStatusCode();
    }

    public static JsonObject Envelope(string title, IReadOnlyList<(string Label, string Value)> facts, IReadOnlyList<(string Title, string Url)> actions) => new()
    {
        ["type"] = "message",
        ["attachments"] = new JsonArray(new JsonObject
        {
            ["contentType"] = "application/vnd.microsoft.card.adaptive",
            ["content"] = new JsonObject
            {
                ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
                ["type"] = "AdaptiveCard",
                ["version"] = "1.5",
                ["body"] = new JsonArray(
                    new JsonObject { ["type"] = "TextBlock", ["text"] = title, ["weight"] = "Bolder", ["size"] = "Medium", ["wrap"] = true },
                    new JsonObject { ["type"] = "FactSet", ["facts"] = new JsonArray([.. facts.Select(f => (JsonNode)new JsonObject { ["title"] = f.Label, ["value"] = f.Value })]) }),
                ["actions"] = new JsonArray([.. actions.Select(a => (JsonNode)new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = a.Title, ["url"] = a.Url })]),
            },
        }),
    };
}
