using System.Security.Claims;
using AutoShop.Domain;
using AutoShop.Domain.Booking;
using AutoShop.Domain.JobCards;
using AutoShop.Functions.Documents;
using AutoShop.Functions.Operability;
using AutoShop.Functions.Shops;
using AutoShop.Functions.Staff;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using NodaTime.Text;

namespace AutoShop.Functions.JobCards;

/// <summary>Staff views of job cards and audited edits of their lines.</summary>
public static class JobCardsApi
{
    public static IEndpointRouteBuilder MapJobCardsApi(this IEndpointRouteBuilder app)
    {
        var card = app.MapGroup("/api/appointments/{appointmentId}/job-card").WithTags("Job cards").RequireAuthorization(StaffPolicy.Name);
        card.MapGet("/", Get).WithName("GetJobCard").WithSummary("An appointment's job card: lines, technician and bay, parts readiness and documents");
        card.MapPost("/lines", AddLine).WithName("AddJobCardLine").WithSummary("Add a labor or part line (reason code required; audited)");
        card.MapPatch("/lines/{lineId}", ChangeLine).WithName("ChangeJobCardLine").WithSummary("Change a line's quantity, minutes or operation (reason code required; audited)");
        card.MapDelete("/lines/{lineId}", RemoveLine).WithName("RemoveJobCardLine").WithSummary("Remove a line (reasonCode query parameter required; audited)");
        app.MapGet("/api/shops/{shopId}/job-cards", ListDay).WithName("ListJobCards").WithTags("Job cards")
            .WithSummary("A shop's job cards for a shop-local date with their parts readiness").RequireAuthorization(StaffPolicy.Name);
        return app;
    }

    public static async Task<Results<Ok<JobCardDto>, ProblemHttpResult>> Get(string appointmentId, TableJobCardStore cards,
        TableDocumentStore documents, IShopStore shops, CancellationToken ct)
    {
        if (!AppointmentId.TryParse(appointmentId).TryGetValue(out var id, out _) || await cards.FindAsync(id, ct) is not { } stored)
            return NotFound(appointmentId);
        return TypedResults.Ok(await ToDtoAsync(stored.Card, documents, shops, ct));
    }

    public static async Task<Results<Ok<JobCardDayDto>, ProblemHttpResult, ValidationProblem>> ListDay(string shopId, string? date,
        TableJobCardStore cards, IShopStore shops, CancellationToken ct)
    {
        var setup = await ShopsApi.FindAsync(shopId, shops, ct);
        if (setup is null) return ShopsApi.ShopNotFound(shopId);
        if (LocalDatePattern.Iso.Parse(date ?? "") is not { Success: true } day)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["date"] = ["is required as a shop-local date, e.g. 2026-12-01."] });
        if (!RequestDates.Contains(day.Value))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["date"] = [RequestDates.OutOfRangeMessage] });
        var list = await cards.ListDayAsync(setup.Shop.Id, day.Value, ct);
        return TypedResults.Ok(new JobCardDayDto(setup.Shop.Id.Value, LocalDatePattern.Iso.Format(day.Value), setup.Shop.Zone.Id,
            [.. list.Select(c => JobCardSummaryDto.From(c, setup.Shop.Zone))]));
    }

    public static Task<Results<Ok<JobCardDto>, ProblemHttpResult, ValidationProblem>> AddLine(string appointmentId, AddLineRequest request,
        JobCardEditing editing, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        LineEdit? edit = request.Kind?.Trim().ToLowerInvariant() switch
        {
            "labor" => new AddLaborLine(request.Operation ?? "", request.EstimatedMinutes ?? 0, request.RequiredSkills ?? []),
            "part" => Sku.TryParse(request.Sku).TryGetValue(out var sku, out _) ? new AddPartsLine(sku, request.Quantity ?? 0) : null,
            _ => null,
        };
        if (edit is null)
        {
            var field = request.Kind?.Trim().ToLowerInvariant() == "part" ? "sku" : "kind";
            return Task.FromResult<Results<Ok<JobCardDto>, ProblemHttpResult, ValidationProblem>>(TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [field] = [field == "sku" ? "is required: A-Z, 0-9 and '-'." : "must be 'labor' or 'part'."] }));
        }
        return editing.EditAsync(appointmentId, edit, request.ReasonCode, Actor.Staff(user.StaffId()), CorrelationId.Of(http), ct);
    }

    public static Task<Results<Ok<JobCardDto>, ProblemHttpResult, ValidationProblem>> ChangeLine(string appointmentId, string lineId,
        ChangeLineRequest request, JobCardEditing editing, ClaimsPrincipal user, HttpContext http, CancellationToken ct) =>
        editing.EditAsync(appointmentId, new Domain.JobCards.ChangeLine(lineId, request.Quantity, request.EstimatedMinutes, request.Operation),
            request.ReasonCode, Actor.Staff(user.StaffId()), CorrelationId.Of(http), ct);

    public static Task<Results<Ok<JobCardDto>, ProblemHttpResult, ValidationProblem>> RemoveLine(string appointmentId, string lineId,
        string? reasonCode, JobCardEditing editing, ClaimsPrincipal user, HttpContext http, CancellationToken ct) =>
        editing.EditAsync(appointmentId, new Domain.JobCards.RemoveLine(lineId), reasonCode, Actor.Staff(user.StaffId()), CorrelationId.Of(http), ct);

    internal static async Task<JobCardDto> ToDtoAsync(JobCard card, TableDocumentStore documents, IShopStore shops, CancellationToken ct)
    {
        var zone = (await shops.GetAsync(card.ShopId, ct))?.Shop.Zone ?? DateTimeZone.Utc;
        return JobCardDto.From(card, zone, await documents.ListAsync(card.AppointmentId, ct));
    }

    internal static ProblemHttpResult NotFound(string appointmentId) =>
        Problems.NotFound("Job card not found", $"No job card for appointment '{appointmentId}' (it is drafted shortly after booking).");
}
