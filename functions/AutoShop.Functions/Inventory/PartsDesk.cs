using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;
using AutoShop.Domain.Inventory;
using AutoShop.Functions.Notifications.Delivery;
using AutoShop.Functions.Hosting.Catalog;
using AutoShop.Functions.Storage;

namespace AutoShop.Functions.Inventory;

public sealed class PartsDeskOptions
{
    public const string Section = "Inventory";

    [Required(ErrorMessage = "Inventory__PartsDeskEmail is required (where shortage notices go).")]
    [EmailAddress(ErrorMessage = "Inventory__PartsDeskEmail must be an email address.")]
    public string PartsDeskEmail { get; set; } = "parts-desk@autoshop.local";
}

/// <summary>One job card short of one part, as the parts desk is told about it.</summary>
public sealed record ShortageNotice(string ShopId, string AppointmentId, string Sku, string Description, int Quantity,
    ShortageReason Reason, string NeededBy, string ExpectedArrival, string ProcurementRequestId)
{
    /// <summary>
    /// What the parts desk hears about once: this card short of this part for this procurement request. A
    /// redelivered job-card event, or a crash before the card remembers it told, meets the same claim.
    /// </summary>
    public string DedupeKey => $"{AppointmentId}:{PartsDesk.Kind}:{Sku}:{(ProcurementRequestId.Length > 0 ? ProcurementRequestId : "none")}";
}

/// <summary>A shortage notice on the parts desk's queue, with the try it asks for.</summary>
public sealed record PartsDeskMessage(ShortageNotice Notice, int? Retries = null, DateTimeOffset? FirstFailedAt = null, bool? ByStaff = null)
{
    public SendAttempt Attempt => new(Retries ?? 0, FirstFailedAt, ByStaff ?? false);

    public static PartsDeskMessage For(ShortageNotice notice, SendAttempt attempt) =>
        new(notice, attempt.Retries == 0 ? null : attempt.Retries, attempt.FirstFailedAt, attempt.ByStaff ? true : null);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(PartsDeskMessage))]
internal sealed partial class PartsDeskJsonContext : JsonSerializerContext;

/// <summary>
/// Tells the parts desk about shortages, on its own queue (<see cref="Queue"/>): job-card preparation only
/// queues the notice, so a relay outage never fails the job-card event (the card is prepared regardless)
/// and the email gets its own claim, later tries and place on the undelivered list
/// (<see cref="NotifyPartsDesk"/>).
/// </summary>
public sealed class PartsDesk(StorageClients storage)
{
    public const string Queue = "parts-desk-notices";

    /// <summary>The kind the delivery log and the undelivered list show for these emails.</summary>
    public const string Kind = "parts-shortage";

    public Task RequestAsync(ShortageNotice notice, CancellationToken ct) =>
        storage.Queues.GetQueueClient(Queue).SendMessageAsync(Serialize(PartsDeskMessage.For(notice, SendAttempt.First)), ct);

    public static string Serialize(PartsDeskMessage message) => JsonSerializer.Serialize(message, PartsDeskJsonContext.Default.PartsDeskMessage);

    /// <summary>Reads a parts desk message; one that is not (<see cref="UnreadableMessageException"/>) is poisoned, not retried.</summary>
    public static PartsDeskMessage Parse(string text)
    {
        try
        {
            return JsonSerializer.Deserialize(text, PartsDeskJsonContext.Default.PartsDeskMessage) is { Notice: not null } message
                ? message
                : throw new UnreadableMessageException("A parts desk message needs a notice.");
        }
        catch (JsonException ex)
        {
            throw new UnreadableMessageException("The message is not parts desk message JSON: " + ex.Message, ex);
        }
    }
}
