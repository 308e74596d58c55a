using AutoShop.Domain;
using AutoShop.Domain.Booking;
using AutoShop.Domain.JobCards;
using AutoShop.Functions.Documents;
using AutoShop.Functions.Hosting.Http;
using AutoShop.Functions.Operability;
using AutoShop.Functions.Shops;
using AutoShop.Functions.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using NodaTime;
using NodaTime.Text;

namespace AutoShop.Functions.JobCards;

/// <summary>Staff views of job cards and audited edits of their lines.</summary>
[Tags("Job cards")]
[Authorize(Policy = StaffPolicy.Name)]
public sealed class JobCardFunctions(TableJobCardStore cards, JobCardEditing editing, TableDocumentStore documents, IShopStore shops)
{
    [Function("GetJobCard")]
    [EndpointSummary("An appointment's job card: lines, technician and bay, parts readiness and documents")]
    public async Task<Results<Ok<JobCardDto>, ProblemHttpResult>> GetJobCard(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/appointments/{appointmentId}/job-card")] HttpRequest req, string appointmentId)
    {
        var ct = req.HttpContext.RequestAborted;
        if (!AppointmentId.TryParse(appointmentId).TryGetValue(out var id, out _) || await cards.FindAsync(id, ct) is not { } stored)
            return NotFound(appointmentId);
        return TypedResults.Ok(await ToDtoAsync(stored.Card, documents, shops, ct));
    }

    [Function("ListJobCards")]
    [EndpointSummary("A shop's job cards for a shop-local date with their parts readiness")]
    [QueryParameter("date", typeof(DateOnly), Required = true, Description = "The shop-local date, e.g. 2026-12-01.")]
    public async Task<Results<Ok<JobCardDayDto>, ProblemHttpResult, ValidationProblem>> ListJobCards(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/shops/{shopId}/job-cards")] HttpRequest req, string shopId)
    {
        var ct = req.HttpContext.RequestAborted;
        var setup = await ShopLookup.FindAsync(shopId, shops, ct);
        if (setup is null) return ShopLookup.NotFound(shopId);
        if (LocalDatePattern.Iso.Parse(req.QueryText("date") ?? "") is not { Success: true } day)
            return ValidationProblems.Invalid("date", "is required as a shop-local date, e.g. 2026-12-01.");
        if (!RequestDates.Contains(day.Value))
            return ValidationProblems.Invalid("date", RequestDates.OutOfRangeMessage);
        var list = await cards.ListDayAsync(setup.Shop.Id, day.Value, ct);
        return TypedResults.Ok(new JobCardDayDto(setup.Shop.Id.Value, LocalDatePattern.Iso.Format(day.Value), setup.Shop.Zone.Id,
            [.. list.Select(c => JobCardSummaryDto.From(c, setup.Shop.Zone))]));
    }

    [Function("AddJobCardLine")]
    [EndpointSummary("Add a labor or part line (reason code required; audited)")]
    [JsonBody(typeof(AddLineRequest))]
    public async Task<Results<Ok<JobCardDto>, ProblemHttpResult, ValidationProblem>> AddJobCardLine(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/appointments/{appointmentId}/job-card/lines")] HttpRequest req, string appointmentId)
    {
        var ct = req.HttpContext.RequestAborted;
        var request = await req.ReadJsonAsync<AddLineRequest>(ct);
        if (!request.ToEdit().TryGetValue(out var edit, out var error))
            return ValidationProblems.Invalid(error);
        return await editing.EditAsync(appointmentId, edit, request.ReasonCode, Actor.Staff(req.HttpContext.User.StaffId()), CorrelationId.Of(req.HttpContext), ct);
    }

    [Function("ChangeJobCardLine")]
    [EndpointSummary("Change a line's quantity, minutes or operation (reason code required; audited)")]
    [JsonBody(typeof(ChangeLineRequest))]
    public async Task<Results<Ok<JobCardDto>, ProblemHttpResult, ValidationProblem>> ChangeJobCardLine(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "api/appointments/{appointmentId}/job-card/lines/{lineId}")] HttpRequest req,
        string appointmentId, string lineId)
    {
        var ct = req.HttpContext.RequestAborted;
        var request = await req.ReadJsonAsync<ChangeLineRequest>(ct);
        return await editing.EditAsync(appointmentId, new ChangeLine(lineId, request.Quantity, request.EstimatedMinutes, request.Operation),
            request.ReasonCode, Actor.Staff(req.HttpContext.User.StaffId()), CorrelationId.Of(req.HttpContext), ct);
    }

    [Function("RemoveJobCardLine")]
    [EndpointSummary("Remove a line (reasonCode query parameter required; audited)")]
    [QueryParameter("reasonCode", typeof(string), Required = true, Description = "Why the line is removed (audited).")]
    public async Task<Results<Ok<JobCardDto>, ProblemHttpResult, ValidationProblem>> RemoveJobCardLine(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/appointments/{appointmentId}/job-card/lines/{lineId}")] HttpRequest req,
        string appointmentId, string lineId) =>
        await editing.EditAsync(appointmentId, new RemoveLine(lineId), req.QueryText("reasonCode"), Actor.Staff(req.HttpContext.User.StaffId()),
            CorrelationId.Of(req.HttpContext), req.HttpContext.RequestAborted);

    internal static async Task<JobCardDto> ToDtoAsync(JobCard card, TableDocumentStore documents, IShopStore shops, CancellationToken ct)
    {
        var zone = (await shops.GetAsync(card.ShopId, ct))?.Shop.Zone ?? DateTimeZone.Utc;
        return JobCardDto.From(card, zone, await documents.ListAsync(card.AppointmentId, ct));
    }

    internal static ProblemHttpResult NotFound(string appointmentId) =>
        Problems.NotFound("Job card not found", $"No job card for appointment '{appointmentId}' (it is drafted shortly after booking).");
}
