using System.Text.Json.Serialization;

namespace AutoShop.Functions.Booking;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AppointmentEventData))]
[JsonSerializable(typeof(AppointmentDto))]
public sealed partial class BookingJsonContext : JsonSerializerContext;
