using System.Security.Cryptography;
using AutoShop.Domain.Booking;
using AutoShop.Functions.Booking;
using AutoShop.Functions.Booking.Storage;
using AutoShop.Functions.JobCards;
using Microsoft.Extensions.Options;
using NodaTime;

namespace AutoShop.Functions.Documents;

/// <summary>A file as received: its bytes (already bounded by the caller), and what the sender said it is.</summary>
public sealed record DocumentUpload(byte[] Content, string? FileName, string? DeclaredContentType);

public abstract record UploadOutcome;
public sealed record DocumentStored(DocumentInfo Document) : UploadOutcome;
public sealed record UploadRefused(int Status, string Field, string Message) : UploadOutcome;

/// <summary>
/// Accepts a document for an appointment on behalf of any actor (staff now; the customer's signed
/// link page later). Decides the type from the bytes, refuses polyglots and undecodable images,
/// re-encodes photos without metadata, and stores the bytes under a server-made name with an audited
/// metadata row. A refusal stores nothing.
/// </summary>
public sealed partial class DocumentUploads(
    TableDocumentStore documents, IScheduleStore schedule, IOptions<DocumentOptions> options, TimeProvider clock, ILogger<DocumentUploads> logger)
{
    public long MaxFileBytes => options.Value.MaxFileBytes;

    public async Task<UploadOutcome?> UploadAsync(AppointmentId appointmentId, DocumentUpload upload, Actor actor, string correlationId, CancellationToken ct)
    {
        if (await schedule.FindAsync(appointmentId, ct) is not { } stored) return null;
        if (upload.Content.LongLength > options.Value.MaxFileBytes)
            return new UploadRefused(StatusCodes.Status413PayloadTooLarge, "file", $"is larger than {options.Value.MaxFileBytes} bytes.");
        if (upload.Content.Length == 0) return new UploadRefused(StatusCodes.Status422UnprocessableEntity, "file", "is empty.");
        if (ContentSniffer.Detect(upload.Content) is not { } detected)
            return new UploadRefused(StatusCodes.Status415UnsupportedMediaType, "file", "is not a JPEG, PNG or HEIC photo, a PDF report or a UTF-8 text note (judged by its content).");
        if (ContentSniffer.FindMarkup(upload.Content) is { } marker)
            return new UploadRefused(StatusCodes.Status422UnprocessableEntity, "file", $"looks like a {detected.Extension.TrimStart('.')} but also contains '{marker}': files a browser could run as HTML are refused.");

        var (content, type) = (upload.Content, detected);
        if (detected.Kind == DocumentKind.Photo)
        {
            if (PhotoSanitizer.Reencode(upload.Content, detected) is not { } clean)
                return detected == DetectedType.Heic
                    ? new UploadRefused(StatusCodes.Status415UnsupportedMediaType, "file", "is a HEIC image this server cannot decode; send it as JPEG or PNG.")
                    : new UploadRefused(StatusCodes.Status422UnprocessableEntity, "file", $"starts like a {detected.Extension.TrimStart('.')} but does not decode as one.");
            (content, type) = clean;
        }
        if (content.LongLength > options.Value.MaxFileBytes)
            return new UploadRefused(StatusCodes.Status413PayloadTooLarge, "file", $"is larger than {options.Value.MaxFileBytes} bytes once re-encoded.");

        var appointment = stored.Appointment;
        var now = Instant.FromDateTimeOffset(clock.GetUtcNow());
        var original = FileNames.Sanitize(upload.FileName);
        var doc = new DocumentInfo(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)), appointment.Id.Value, appointment.ShopId.Value, type.Kind,
            type.ContentType, content.LongLength, original, FileNames.ForDownload(original, type.Extension), AppointmentDto.ActorOf(actor), now, 0);
        var audit = new PreworkAuditRecord(appointment.ShopId, $"document:{doc.Id}", appointment.Id.Value, 1, actor, "document.uploaded", null,
            null, $"{doc.Kind} {doc.ContentType} {doc.Size} bytes '{doc.FileName}' (declared '{Declared(upload.DeclaredContentType)}')", now, correlationId);
        if (await documents.StoreAsync(doc, content, options.Value.MaxFilesPerAppointment, audit, ct) is not { } saved)
            return new UploadRefused(StatusCodes.Status422UnprocessableEntity, "file", $"the appointment already has {options.Value.MaxFilesPerAppointment} documents.");
        LogStored(logger, saved.Id, saved.Kind.ToString(), saved.Size, appointment.Id.Value);
        return new DocumentStored(saved);
    }

    private static string Declared(string? contentType) =>
        new string((contentType ?? "").Where(c => !char.IsControl(c)).Take(100).ToArray());

    [LoggerMessage(LogLevel.Information, "Stored document {DocumentId} ({Kind}, {Size} bytes) for appointment {AppointmentId}")]
    private static partial void LogStored(ILogger logger, string documentId, string kind, long size, string appointmentId);
}
