using System.Text.Json;
using AutoShop.Functions.Events;

namespace AutoShop.Functions.Tests.Support;

public static class SampleEvents
{
    public static CloudEvent Created(string id, DateTimeOffset at) => CloudEvent.Create(
        id, "/shops/demo", "appointment.created", "appointments/a-1", at, "corr-12345678",
        JsonDocument.Parse("""{"appointmentId":"a-1","version":1}""").RootElement.Clone());

    /// <summary>The JSON body the Functions host posts to a custom handler for a queue message.</summary>
    public static string HostQueuePayload(string messageText, int dequeueCount = 1) => JsonSerializer.Serialize(new
    {
        Data = new { message = messageText },
        Metadata = new Dictionary<string, object>
        {
            ["DequeueCount"] = dequeueCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Id"] = "\"" + Guid.NewGuid() + "\"",
            ["PopReceipt"] = "\"AgAAAAMAAAAAAAAA\"",
            ["InsertionTime"] = "\"2026-11-24T10:00:00+00:00\"",
            ["sys"] = new { MethodName = "FanOutAppointmentEvents", UtcNow = "2026-11-24T10:00:01Z", RandGuid = Guid.NewGuid().ToString() },
        },
    });

    public const string HostTimerPayload = """
        {"Data":{"timer":"{\"Schedule\":{\"AdjustForDST\":true},\"ScheduleStatus\":null,\"IsPastDue\":false}"},
         "Metadata":{"sys":{"MethodName":"RelayOutbox","UtcNow":"2026-11-24T10:00:30Z","RandGuid":"0f8fad5b-d9cb-469f-a165-70867728950e"}}}
        """;
}
