using System.Globalization;
using System.Text.Json;

namespace AutoShop.Functions.Hosting.CustomHandler;

/// <summary>
/// Reads the Functions host's invocation request <c>{"Data": {...}, "Metadata": {...}}</c>.
/// The host JSON-encodes primitive values inside strings (<c>"DequeueCount": "1"</c>,
/// <c>"Id": "\"abc\""</c>), so every value is decoded defensively: a string that itself holds
/// a JSON string is decoded once more.
/// </summary>
public sealed class InvocationPayload
{
    private readonly JsonElement data;
    private readonly JsonElement metadata;

    private InvocationPayload(JsonElement data, JsonElement metadata)
    {
        this.data = data;
        this.metadata = metadata;
    }

    public static bool TryParse(JsonElement root, out InvocationPayload payload, out string error)
    {
        payload = null!;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("Data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            error = "The invocation body must be a JSON object with a 'Data' object.";
            return false;
        }
        var metadata = root.TryGetProperty("Metadata", out var m) && m.ValueKind == JsonValueKind.Object ? m : default;
        payload = new InvocationPayload(data, metadata);
        error = "";
        return true;
    }

    /// <summary>The trigger's payload as text: a string value unwrapped, an object or array as raw JSON.</summary>
    public string? DataText(string bindingName) =>
        data.TryGetProperty(bindingName, out var value) ? AsText(value) : null;

    /// <summary>A boolean inside the trigger's payload object (which may itself arrive as a JSON string).</summary>
    public bool DataFlag(string bindingName, string property)
    {
        var text = DataText(bindingName);
        if (text is null || text.Length == 0 || text[0] != '{') return false;
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.TryGetProperty(property, out var flag) && flag.ValueKind == JsonValueKind.True;
    }

    public string? MetadataText(string name) =>
        metadata.ValueKind == JsonValueKind.Object && metadata.TryGetProperty(name, out var value) ? AsText(value) : null;

    public long MetadataInt64(string name, long fallback) =>
        long.TryParse(MetadataText(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : fallback;

    public DateTimeOffset? MetadataTime(string name) =>
        DateTimeOffset.TryParse(MetadataText(name), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;

    internal static string? AsText(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Null or JsonValueKind.Undefined:
                return null;
            case JsonValueKind.String:
                var text = value.GetString()!;
                if (text.Length >= 2 && text[0] == '"' && text[^1] == '"')
                {
                    try { return JsonSerializer.Deserialize<string>(text); }
                    catch (JsonException) { return text; } // a quoted-looking plain string: keep it as it came
                }
                return text;
            default:
                return value.GetRawText();
        }
    }
}
