using System.Text.Json;
using AutoShop.Functions.Events;

namespace AutoShop.Functions.Tests.Support;

public static class SampleEvents
{
    public static CloudEvent Created(string id, DateTimeOffset at) => CloudEvent.Create(
        id, "/shops/demo", "appointment.created", "appointments/a-1", at, "corr-12345678",
        JsonDocument.Parse("""{"appointmentId":"a-1","version":1}""").RootElement.Clone());
}
