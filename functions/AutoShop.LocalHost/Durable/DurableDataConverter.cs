using System.Text;
using Azure.Core.Serialization;
using CoreDataConverter = DurableTask.Core.Serializing.DataConverter;
using DataConverter = Microsoft.DurableTask.DataConverter;

namespace AutoShop.LocalHost.Durable;

/// <summary>
/// The Durable Task SDK's converter over the Functions worker's <see cref="ObjectSerializer"/>, as the
/// isolated worker's Durable extension does: orchestration and activity inputs and outputs, event payloads
/// and custom status get the JSON they get in Azure, and read it back the same way (case-insensitively).
/// </summary>
public sealed class DurableDataConverter(ObjectSerializer serializer) : DataConverter
{
    public override string? Serialize(object? value) =>
        value is null ? null : serializer.Serialize(value, value.GetType(), default).ToString();

    public override object? Deserialize(string? data, Type targetType)
    {
        if (data is null) return null;
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(data), writable: false);
        return serializer.Deserialize(stream, targetType, default);
    }

    /// <summary>
    /// DTFx's own converter slot (<c>TaskHubClient</c> serializes start inputs and event payloads with it,
    /// Newtonsoft by default): the same JSON the worker reads.
    /// </summary>
    public CoreDataConverter ForTaskHubClient() => new CoreAdapter(this);

    private sealed class CoreAdapter(DataConverter inner) : CoreDataConverter
    {
        public override string Serialize(object value) => inner.Serialize(value)!;
        public override string Serialize(object value, bool formatted) => inner.Serialize(value)!;
        public override object Deserialize(string data, Type objectType) => inner.Deserialize(data, objectType)!;
    }
}
