using System.Text.Json;
using System.Text.Json.Serialization;
using AutoShop.Functions.Hosting.Catalog;

namespace AutoShop.Functions.Events;

/// <summary>
/// A CloudEvents 1.0 event in its JSON format, as it travels on the event queues. <see cref="Id"/>
/// is stable for one change, so consumers deduplicate on it.
/// </summary>
public sealed record CloudEvent(
    [property: JsonPropertyName("specversion")] string SpecVersion,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("subject")] string? Subject,
    [property: JsonPropertyName("time")] DateTimeOffset Time,
    [property: JsonPropertyName("datacontenttype")] string DataContentType,
    [property: JsonPropertyName("correlationid")] string? CorrelationId,
    [property: JsonPropertyName("data")] JsonElement Data)
{
    public static CloudEvent Create(string id, string source, string type, string? subject, DateTimeOffset time, string? correlationId, JsonElement data) =>
        new("1.0", id, source, type, subject, time, "application/json", correlationId, data);

    public string ToJson() => JsonSerializer.Serialize(this, EventJsonContext.Default.CloudEvent);

    /// <summary>
    /// Parses and checks the required attributes; a malformed event is a poison message, not a crash
    /// (<see cref="UnreadableMessageException"/>: the listener poisons it at once instead of retrying).
    /// </summary>
    public static CloudEvent Parse(string json)
    {
        CloudEvent? e;
        try
        {
            e = JsonSerializer.Deserialize(json, EventJsonContext.Default.CloudEvent);
        }
        catch (JsonException ex)
        {
            throw new UnreadableMessageException("The message is not CloudEvents JSON: " + ex.Message, ex);
        }
        if (e is null) throw new UnreadableMessageException("The event is empty.");
        if (e.SpecVersion != "1.0") throw new UnreadableMessageException($"Unsupported CloudEvents specversion '{e.SpecVersion}'.");
        if (string.IsNullOrEmpty(e.Id) || string.IsNullOrEmpty(e.Source) || string.IsNullOrEmpty(e.Type))
            throw new UnreadableMessageException("The event lacks id, source or type.");
        return e;
    }

    public T DataAs<T>(System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo) =>
        Data.Deserialize(typeInfo) ?? throw new FormatException($"Event {Id} has no {typeof(T).Name} data.");
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CloudEvent))]
internal sealed partial class EventJsonContext : JsonSerializerContext;
