using System.Reflection;
using DurableTask.Core.History;
using Newtonsoft.Json.Linq;

namespace AutoShop.LocalHost.Durable;

/// <summary>
/// An orchestration's stored history as DTFx events. DurableTask.AzureStorage hands it out as Newtonsoft
/// JSON without type names, so each event's <c>EventType</c> picks the DTFx class to read it into. Replay
/// tests read recorded histories with it too.
/// </summary>
public static class HistoryJson
{
    private static readonly Dictionary<EventType, Type> EventClasses = typeof(HistoryEvent).Assembly.GetTypes()
        .Where(t => t.Namespace == typeof(HistoryEvent).Namespace && t.IsSubclassOf(typeof(HistoryEvent)) && !t.IsAbstract)
        .Select(t => (Type: t, Event: Enum.TryParse<EventType>(t.Name.EndsWith("Event", StringComparison.Ordinal) ? t.Name[..^5] : "", out var e) ? e : (EventType?)null))
        .Where(x => x.Event is not null)
        .ToDictionary(x => x.Event!.Value, x => x.Type);

    public static IList<HistoryEvent> Parse(string json)
    {
        var serializer = Newtonsoft.Json.JsonSerializer.Create();
        return [.. JArray.Parse(json).Select(token =>
        {
            var type = (EventType)token.Value<int>(nameof(HistoryEvent.EventType));
            var eventClass = EventClasses.GetValueOrDefault(type) ?? throw new NotSupportedException($"History event type {type} has no DTFx class.");
            return (HistoryEvent)token.ToObject(eventClass, serializer)!;
        })];
    }

    /// <summary>The same JSON as the store's, e.g. to record a history for a replay test.</summary>
    public static string Write(IEnumerable<HistoryEvent> events) =>
        Newtonsoft.Json.JsonConvert.SerializeObject(events, Newtonsoft.Json.Formatting.Indented);
}
