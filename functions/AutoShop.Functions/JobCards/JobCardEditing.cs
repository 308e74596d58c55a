using AutoShop.Domain.Booking;
using AutoShop.Domain.JobCards;
using AutoShop.Functions.Documents;
using AutoShop.Functions.Operability;
using AutoShop.Functions.Shops;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace AutoShop.Functions.JobCards;

/// <summary>Applies a staff edit: load, let the card decide, save with its audit record, then check parts for the new lines.</summary>
public sealed class JobCardEditing(TableJobCardStore cards, JobCardPreparation preparation, TableDocumentStore documents, IShopStore shops, TimeProvider clock)
{
    private const int MaxAttempts = 3;

    public async Task<Results<Ok<JobCardDto>, ProblemHttpResult, ValidationProblem>> EditAsync(
        string appointmentId, LineEdit edit, string? reasonCode, Actor actor, string correlationId, CancellationToken ct)
    {
        if (!ReasonCode.TryParse(reasonCode).TryGetValue(out var reason, out var error))
            return ValidationProblems.Invalid(error);
        if (!AppointmentId.TryParse(appointmentId).TryGetValue(out var id, out _)) return JobCardFunctions.NotFound(appointmentId);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            if (await cards.FindAsync(id, ct) is not { } stored) return JobCardFunctions.NotFound(appointmentId);
            var now = Instant.FromDateTimeOffset(clock.GetUtcNow());
            if (!stored.Card.Edit(edit, actor, reason, now).TryGetValue(out var edited, out var refused))
                return refused.Kind switch
                {
                    EditRefusalKind.LineNotFound => Problems.NotFound("Line not found", refused.Message),
                    EditRefusalKind.Voided => Problems.Conflict("Job card voided", $"The job card {refused.Message}"),
                    _ => ValidationProblems.Invalid(refused.Field, refused.Message),
                };
            var next = edited.Card.Saved();
            var a = edited.Audit;
            var audit = new PreworkAuditRecord(a.ShopId, $"jobcard:{a.AppointmentId}", a.AppointmentId.Value, next.Revision, a.Actor, a.Action, a.Reason,
                a.Before, a.After, a.At, correlationId);
            if (await cards.SaveAsync(stored, next, [audit], ct) is null) continue;
            var checkedCard = await preparation.CheckPartsAsync(id, ct) ?? next;
            return TypedResults.Ok(await JobCardFunctions.ToDtoAsync(checkedCard, documents, shops, ct));
        }
        return Problems.Conflict("Changed meanwhile", "The job card kept changing while the edit was saved; reload it and try again.");
    }
}
