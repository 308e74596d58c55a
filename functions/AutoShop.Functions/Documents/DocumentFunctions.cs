using System.Security.Claims;
using AutoShop.Domain.Booking;
using AutoShop.Functions.Booking;
using AutoShop.Functions.JobCards;
using AutoShop.Functions.Operability;
using AutoShop.Functions.Staff;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using NodaTime.Text;

namespace AutoShop.Functions.Documents;

public sealed record DocumentDto(string Id, string Kind, string ContentType, long Size, string FileName, string OriginalName,
    ActorDto UploadedBy, string UploadedAt, string DownloadUrl)
{
    public static DocumentDto From(DocumentInfo d) => new(d.Id, AppointmentDto.Wire(d.Kind), d.ContentType, d.Size, d.FileName, d.OriginalName,
        d.UploadedBy, InstantPattern.ExtendedIso.Format(d.UploadedAt), $"/api/appointments/{d.AppointmentId}/documents/{d.Id}");
}

/// <summary>Staff access to an appointment's notes, photos and diagnostic reports.</summary>
public static class DocumentsApi
{
    public static IEndpointRouteBuilder MapDocuments(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/appointments/{appointmentId}/documents").WithTags("Documents").RequireAuthorization(StaffPolicy.Name);
        group.MapPost("/", Upload).WithName("UploadAppointmentDocument").WithMetadata(new UploadBodyLimit(app.ServiceProvider))
            .WithSummary("Attach a note, photo (JPEG, PNG, HEIC) or diagnostic report (PDF)")
            .WithDescription("multipart/form-data with one file (or a `note` field), or the raw bytes with `Content-Type` and `X-File-Name`. The type is decided by the content; photos are re-encoded without location or device metadata (HEIC becomes JPEG). 413 over the size limit, 415 for other types, 422 for polyglots, undecodable images or too many documents.");
        group.MapGet("/", List).WithName("ListAppointmentDocuments").WithSummary("An appointment's documents, oldest first");
        group.MapGet("/{documentId}", Download).WithName("DownloadAppointmentDocument").WithSummary("The stored bytes, always as an attachment");
        group.MapDelete("/{documentId}", Delete).WithName("DeleteAppointmentDocument").WithSummary("Remove a document (reason code required; audited)");
        return app;
    }

    public static async Task<Results<Created<DocumentDto>, ProblemHttpResult, ValidationProblem>> Upload(
        string appointmentId, HttpRequest request, DocumentUploads uploads, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!AppointmentId.TryParse(appointmentId).TryGetValue(out var id, out _)) return NotFound(appointmentId);
        var read = await UploadReader.ReadAsync(request, uploads.MaxFileBytes, ct);
        if (read.Problem is { } problem) return problem;
        if (read.Upload is null) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = ["send one file, or a 'note' field."] });
        return await uploads.UploadAsync(id, read.Upload, Actor.Staff(user.StaffId()), CorrelationId.Of(request.HttpContext), ct) switch
        {
            null => NotFound(appointmentId),
            DocumentStored s => TypedResults.Created($"/api/appointments/{appointmentId}/documents/{s.Document.Id}", DocumentDto.From(s.Document)),
            UploadRefused r => Refused(r),
            var other => throw new InvalidOperationException($"Unexpected upload outcome {other}"),
        };
    }

    public static async Task<Results<Ok<IReadOnlyList<DocumentDto>>, ProblemHttpResult>> List(string appointmentId, TableDocumentStore documents, CancellationToken ct)
    {
        if (!AppointmentId.TryParse(appointmentId).TryGetValue(out var id, out _)) return NotFound(appointmentId);
        return TypedResults.Ok<IReadOnlyList<DocumentDto>>([.. (await documents.ListAsync(id, ct)).Select(DocumentDto.From)]);
    }

    public static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> Download(
        string appointmentId, string documentId, TableDocumentStore documents, HttpResponse response, CancellationToken ct)
    {
        if (await Find(appointmentId, documentId, documents, ct) is not { } doc) return DocumentNotFound(documentId);
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        response.Headers.CacheControl = "private, no-store";
        return TypedResults.File(await documents.OpenAsync(doc, ct), doc.ContentType, doc.FileName);
    }

    public static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> Delete(
        string appointmentId, string documentId, string? reasonCode, TableDocumentStore documents, ClaimsPrincipal user,
        TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        if (!ReasonCode.TryParse(reasonCode).TryGetValue(out var reason, out var error))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [error.Field] = [error.Message] });
        if (await Find(appointmentId, documentId, documents, ct) is not { } doc) return DocumentNotFound(documentId);
        var audit = new PreworkAuditRecord(ShopId.Parse(doc.ShopId), $"document:{doc.Id}", doc.AppointmentId, 2, Actor.Staff(user.StaffId()),
            "document.deleted", reason, $"{doc.Kind} {doc.ContentType} {doc.Size} bytes '{doc.FileName}'", null,
            Instant.FromDateTimeOffset(clock.GetUtcNow()), CorrelationId.Of(http));
        await documents.DeleteAsync(doc, audit, ct);
        return TypedResults.NoContent();
    }

    private static async Task<DocumentInfo?> Find(string appointmentId, string documentId, TableDocumentStore documents, CancellationToken ct) =>
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
