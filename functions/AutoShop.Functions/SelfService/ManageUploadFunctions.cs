using AutoShop.Domain.Booking;
using AutoShop.Functions.Documents;
using AutoShop.Functions.Operability;
using AutoShop.Functions.Pages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Azure.Functions.Worker;

namespace AutoShop.Functions.SelfService;

/// <summary>Customers attach photos, reports and notes through their manage link; the same checks as staff uploads apply.</summary>
public sealed class ManageUploadFunctions(CustomerActions actions, ManagePageData data, DocumentUploads uploads)
{
    [Function("ManagePageUpload")]
    [ExcludeFromDescription]
    [EnableRateLimiting(RateLimits.Tokens)]
    [CustomerUploadBodyLimit]
    public async Task<IResult> ManagePageUpload(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/manage/{token}/documents")] HttpRequest req, string token)
    {
        var ct = req.HttpContext.RequestAborted;
        var (problem, context) = await actions.ResolveAsync(token, ct);
        if (context is null) return LinkRefusals.Page(problem);
        var read = await UploadReader.ReadAsync(req, uploads.MaxFileBytes, ct);
        if (!req.HasFormContentType || !int.TryParse(req.Form["version"], out var version)
            || !data.IsValidFormToken(token, version, req.Form["formToken"]))
            return PageLayout.Message("Please try again", "This form has expired or did not come from our page. Reload the page and try again.", "error", 403);
        if (read.Problem is not null)
            return await data.RenderAsync(context, null, ct, $"That file is larger than {uploads.MaxFileBytes / (1024 * 1024)} MB.", StatusCodes.Status413PayloadTooLarge);
        if (read.Upload is null) return await data.RenderAsync(context, null, ct, "Choose a file or write a note first.", StatusCodes.Status422UnprocessableEntity);
        var outcome = await uploads.UploadAsync(context.Appointment.Id, read.Upload, Actor.Customer(context.Appointment.Id.Value), CorrelationId.Of(req.HttpContext), ct);
        return outcome switch
        {
            DocumentStored => PageLayout.SeeOther($"/api/manage/{token}?done=uploaded"),
            UploadRefused refused => await data.RenderAsync(context, null, ct, $"That file was not accepted: it {refused.Message}", refused.Status),
            _ => LinkRefusals.Page(Links.LinkProblem.Malformed),
        };
    }
}
