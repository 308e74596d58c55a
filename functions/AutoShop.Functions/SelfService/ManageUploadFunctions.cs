using AutoShop.Domain.Booking;
using AutoShop.Functions.Documents;
using AutoShop.Functions.Operability;
using AutoShop.Functions.Pages;

namespace AutoShop.Functions.SelfService;

/// <summary>Customers attach photos, reports and notes through their manage link; the same checks as staff uploads apply.</summary>
public static class ManageUploads
{
    public static IEndpointRouteBuilder MapManageUploads(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/manage/{token}/documents", Upload).WithName("ManagePageUpload").WithMetadata(new UploadBodyLimit(app.ServiceProvider))
            .RequireRateLimiting(RateLimits.Tokens).DisableAntiforgery().ExcludeFromDescription();
        return app;
    }

    public static async Task<IResult> Upload(string token, HttpContext http, CustomerActions actions, ManagePageData data, DocumentUploads uploads, CancellationToken ct)
    {
        var (problem, context) = await actions.ResolveAsync(token, ct);
        if (context is null) return ManagePages.LinkProblemPage(problem);
        var read = await UploadReader.ReadAsync(http.Request, uploads.MaxFileBytes, ct);
        if (!http.Request.HasFormContentType || !int.TryParse(http.Request.Form["version"], out var version)
            || !data.IsValidFormToken(token, version, http.Request.Form["formToken"]))
            return PageLayout.Message("Please try again", "This form has expired or did not come from our page. Reload the page and try again.", "error", 403);
        if (read.Problem is not null)
            return await data.RenderAsync(context, null, ct, $"That file is larger than {uploads.MaxFileBytes / (1024 * 1024)} MB.", StatusCodes.Status413PayloadTooLarge);
        if (read.Upload is null) return await data.RenderAsync(context, null, ct, "Choose a file or write a note first.", StatusCodes.Status422UnprocessableEntity);
        var outcome = await uploads.UploadAsync(context.Appointment.Id, read.Upload, Actor.Customer(context.Appointment.Id.Value), CorrelationId.Of(http), ct);
        return outcome switch
        {
            DocumentStored => PageLayout.SeeOther($"/api/manage/{token}?done=uploaded"),
            UploadRefused refused => await data.RenderAsync(context, null, ct, $"That file was not accepted: it {refused.Message}", refused.Status),
            _ => ManagePages.LinkProblemPage(Links.LinkProblem.Malformed),
        };
    }
}
