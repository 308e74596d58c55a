using AutoShop.Functions.Operability;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AutoShop.Functions.Booking;

/// <summary>How a refused move reads as problem details, wherever it was asked for.</summary>
public static class MoveProblems
{
    public static ProblemHttpResult From(MoveOutcome outcome) => outcome switch
    {
        MoveSlotTaken s => Problems.Conflict("Slot taken", "No technician, bay and tools are free for that start.",
            new Dictionary<string, object?> { ["alternatives"] = s.Alternatives.Select(SlotOffer.From).ToList() }),
        MoveRejected r => Problems.Unprocessable(r.Rejection.Field, r.Rejection.Message, "The new time breaks a scheduling rule"),
        MoveRefused f => Problems.Conflict("Change not allowed", f.Error.Message),
        MoveRaced => Problems.Conflict("Changed meanwhile", "Another change to this appointment was saved first; reload it."),
        _ => throw new InvalidOperationException($"Not a refusal: {outcome}"),
    };
}
