using AutoShop.Domain.Booking;
using AutoShop.Functions.Hosting.Http;
using AutoShop.Functions.JobCards;
using AutoShop.Functions.Operability;
using AutoShop.Functions.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using NodaTime;

namespace AutoShop.Functions.Documents;

/// <summary>Staff access to an appointment's notes, photos and diagnostic reports.</summary>
[Tags("Documents")]
[Authorize(Policy = StaffPolicy.Name)]
public sealed class DocumentFunctions(DocumentUploads uploads, TableDocumentStore documents, TimeProvider clock)
{
    [Function("UploadAppointmentDocument")]
    [UploadBodyLimit]
    [EndpointSummary("Attach a note, photo (JPEG, PNG, HEIC) or diagnostic report (PDF)")]
    [EndpointDescription("multipart/form-data with one file (or a `note` field), or the raw bytes with `Content-Type` and `X-File-Name`. The type is decided by the content; photos are re-encoded without location or device metadata (HEIC becomes JPEG). 413 over the size limit, 415 for other types, 422 for polyglots, undecodable images or too many documents.")]
    public async Task<Results<Created<DocumentDto>, ProblemHttpResult, ValidationProblem>> UploadAppointmentDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/appointments/{appointmentId}/documents")] HttpRequest req, string appointmentId)
    {
        var ct = req.HttpContext.RequestAborted;
        if (!AppointmentId.TryParse(appointmentId).TryGetValue(out var id, out _)) return NotFound(appointmentId);
        var read = await UploadReader.ReadAsync(req, uploads.MaxFileBytes, ct);
        if (read.Problem is { } problem) return problem;
        if (read.Upload is null) return ValidationProblems.Invalid("file", "send one file, or a 'note' field.");
        return await uploads.UploadAsync(id, read.Upload, Actor.Staff(req.HttpContext.User.StaffId()), CorrelationId.Of(req.HttpContext), ct) switch
        {
            null => NotFound(appointmentId),
            DocumentStored s => TypedResults.Created($"/api/appointments/{appointmentId}/documents/{s.Document.Id}", DocumentDto.From(s.Document)),
            UploadRefused r => Refused(r),
            var other => throw new InvalidOperationException($"Unexpected upload outcome {other}"),
        };
    }

    [Function("ListAppointmentDocuments")]
    [EndpointSummary("An appointment's documents, oldest first")]
    public async Task<Results<Ok<IReadOnlyList<DocumentDto>>, ProblemHttpResult>> ListAppointmentDocuments(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/appointments/{appointmentId}/documents")] HttpRequest req, string appointmentId)
    {
        var ct = req.HttpContext.RequestAborted;
        if (!AppointmentId.TryParse(appointmentId).TryGetValue(out var id, out _)) return NotFound(appointmentId);
        return TypedResults.Ok<IReadOnlyList<DocumentDto>>([.. (await documents.ListAsync(id, ct)).Select(DocumentDto.From)]);
    }

    [Function("DownloadAppointmentDocument")]
    [EndpointSummary("The stored bytes, always as an attachment")]
    public async Task<Results<FileStreamHttpResult, ProblemHttpResult>> DownloadAppointmentDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/appointments/{appointmentId}/documents/{documentId}")] HttpRequest req,
        string appointmentId, string documentId)
    {
        var ct = req.HttpContext.RequestAborted;
        if (await FindAsync(appointmentId, documentId, ct) is not { } doc) return DocumentNotFound(documentId);
        var headers = req.HttpContext.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        headers.CacheControl = "private, no-store";
        return TypedResults.File(await documents.OpenAsync(doc, ct), doc.ContentType, doc.FileName);
    }

    [Function("DeleteAppointmentDocument")]
    [EndpointSummary("Remove a document (reason code required; audited)")]
    [QueryParameter("reasonCode", typeof(string), Required = true, Description = "Why the document is removed (audited).")]
    public async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> DeleteAppointmentDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/appointments/{appointmentId}/documents/{documentId}")] HttpRequest req,
        string appointmentId, string documentId)
    {
        var ct = req.HttpContext.RequestAborted;
        if (!ReasonCode.TryParse(req.QueryText("reasonCode")).TryGetValue(out var reason, out var error))
            return ValidationProblems.Invalid(error);
        if (await FindAsync(appointmentId, documentId, ct) is not { } doc) return DocumentNotFound(documentId);
        var audit = new PreworkAuditRecord(ShopId.Parse(doc.ShopId), $"document:{doc.Id}", doc.AppointmentId, 2, Actor.Staff(req.HttpContext.User.StaffId()),
            "document.deleted", reason, $"{doc.Kind} {doc.ContentType} {doc.Size} bytes '{doc.FileName}'", null,
            Instant.FromDateTimeOffset(clock.GetUtcNow()), CorrelationId.Of(req.HttpContext));
        await documents.DeleteAsync(doc, audit, ct);
        return TypedResults.NoContent();
    }

    private async Task<DocumentInfo?> FindAsync(string appointmentId, string documentId, CancellationToken ct) =>
        AppointmentId.TryParse(appointmentId).TryGetValue(out var id, out _) ? await documents.FindAsync(id, documentId, ct) : null;

    private static ProblemHttpResult Refused(UploadRefused r) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [r.Field] = [r.Message] })
        {
            Title = r.Status switch
            {
                StatusCodes.Status413PayloadTooLarge => "File too large",
                StatusCodes.Status415UnsupportedMediaType => "Unsupported file type",
                _ => "File refused",
            },
            Status = r.Status,
        });

    private static ProblemHttpResult NotFound(string appointmentId) => Problems.NotFound("Appointment not found", $"No appointment '{appointmentId}'.");

    private static ProblemHttpResult DocumentNotFound(string documentId) => Problems.NotFound("Document not found", $"No document '{documentId}' on this appointment.");
}
