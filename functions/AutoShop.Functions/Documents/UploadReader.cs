using System.Text;
using Microsoft.AspNetCore.Http.Features;
using AutoShop.Functions.Operability;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace AutoShop.Functions.Documents;

/// <summary>Reads one upload from a request without ever buffering more than the limit allows.</summary>
public static class UploadReader
{
    /// <summary>Room for multipart boundaries and part headers around the file itself.</summary>
    public const long MultipartOverhead = 64 * 1024;

    public sealed record Read(DocumentUpload? Upload, ProblemHttpResult? Problem);

    public static async Task<Read> ReadAsync(HttpRequest request, long maxBytes, CancellationToken ct)
    {
        if (request.ContentLength > maxBytes + MultipartOverhead) return TooLarge(maxBytes);
        if (!request.HasFormContentType)
        {
            var raw = await ReadBoundedAsync(request.Body, maxBytes, ct);
            return raw is null ? TooLarge(maxBytes)
                : new Read(new DocumentUpload(raw, request.Headers["X-File-Name"].ToString(), request.ContentType), null);
        }
        // The file's own length is checked below and the whole body is capped by its endpoint's limit
        // ([UploadBodyLimit]), so a form the reader cannot parse is malformed, not too large.
        var form = await RequestForms.ReadAsync(request, ct,
            new FormOptions { MultipartBodyLengthLimit = maxBytes + MultipartOverhead, ValueLengthLimit = (int)Math.Min(maxBytes + MultipartOverhead, int.MaxValue) });
        if (form.Files.FirstOrDefault() is { } file)
        {
            if (file.Length > maxBytes) return TooLarge(maxBytes);
            await using var stream = file.OpenReadStream();
            var bytes = await ReadBoundedAsync(stream, maxBytes, ct);
            return bytes is null ? TooLarge(maxBytes) : new Read(new DocumentUpload(bytes, file.FileName, file.ContentType), null);
        }
        return form["note"].ToString() is { Length: > 0 } note
            ? new Read(new DocumentUpload(Encoding.UTF8.GetBytes(note), "note.txt", "text/plain"), null)
            : new Read(null, null);
    }

    private static async Task<byte[]?> ReadBoundedAsync(Stream body, long maxBytes, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static Read TooLarge(long maxBytes) => new(null, TypedResults.Problem(
        new HttpValidationProblemDetails(new Dictionary<string, string[]> { ["file"] = [$"is larger than {maxBytes} bytes."] })
        {
            Title = "File too large",
            Status = StatusCodes.Status413PayloadTooLarge,
        }));
}

/// <summary>
/// Upload functions take a file of up to <c>Documents:MaxFileBytes</c> plus its multipart framing,
/// not the default body limit; the body-limit middleware reads the setting per request.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class UploadBodyLimitAttribute : Attribute, IRequestBodyLimitSetting
{
    public long? MaxRequestBodySize(IServiceProvider services) => For(services);

    internal static long For(IServiceProvider services) =>
        services.GetRequiredService<IOptions<DocumentOptions>>().Value.MaxFileBytes + UploadReader.MultipartOverhead;
}
