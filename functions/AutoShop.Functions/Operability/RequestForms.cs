using Microsoft.AspNetCore.Http.Features;

namespace AutoShop.Functions.Operability;

/// <summary>
/// Reads a form body for handlers that read it themselves (pages, uploads). A form that does not
/// parse — no multipart boundary, a truncated part, too many fields, a key over the length limit —
/// throws <see cref="InvalidDataException"/> or <see cref="IOException"/> from the framework, which
/// the exception handler rightly answers with 500; here they become the 400 they are, worded by
/// <see cref="BadRequestProblems"/>. A body over its size limit keeps its 413.
/// </summary>
public static class RequestForms
{
    public static async Task<IFormCollection> ReadAsync(HttpRequest request, CancellationToken ct, FormOptions? options = null)
    {
        try
        {
            return options is null ? await request.ReadFormAsync(ct) : await request.ReadFormAsync(options, ct);
        }
        catch (InvalidDataException ex)
        {
            throw new BadHttpRequestException($"The form body could not be read: {ex.Message}", StatusCodes.Status400BadRequest, ex);
        }
        catch (IOException ex) when (ex is not BadHttpRequestException && !ct.IsCancellationRequested)
        {
            throw new BadHttpRequestException("The form body ended early or is malformed.", StatusCodes.Status400BadRequest, ex);
        }
    }
}
