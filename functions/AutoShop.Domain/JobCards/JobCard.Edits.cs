using AutoShop.Domain.Booking;
using NodaTime;

namespace AutoShop.Domain.JobCards;

public enum EditRefusalKind
{
    Invalid,
    LineNotFound,
    Voided,
}

public sealed record EditRefusal(EditRefusalKind Kind, string Field, string Message);

/// <summary>A card after a staff edit, with the audit entry that must be stored with it.</summary>
public sealed record JobCardEdited(JobCard Card, JobCardAudit Audit);

public sealed partial record JobCard
{
    public const int MaxPartQuantity = 1000;

    /// <summary>Keeps a card (stored as one document) far below the storage limits of a single row.</summary>
    public const int MaxLines = 100;

    /// <summary>Applies a staff edit. Lines from booked services may be changed or removed like any other; the reason is audited.</summary>
    public Result<JobCardEdited, EditRefusal> Edit(LineEdit edit, Actor actor, ReasonCode reason, Instant now)
    {
        if (Status == JobCardStatus.Voided)
            return new EditRefusal(EditRefusalKind.Voided, "jobCard", "is voided: its appointment was cancelled.");
        if (edit is AddLaborLine or AddPartsLine && Labor.Length + Parts.Length >= MaxLines)
            return new EditRefusal(EditRefusalKind.Invalid, "lines", $"a job card holds at most {MaxLines} lines.");
        var applied = edit switch
        {
            AddLaborLine add => AddLabor(add),
            AddPartsLine add => AddParts(add),
            RemoveLine remove => Remove(remove.LineId),
            ChangeLine change => Change(change),
            _ => throw new ArgumentOutOfRangeException(nameof(edit), edit.GetType().Name, "Unknown edit."),
        };
        if (!applied.TryGetValue(out var done, out var refusal)) return refusal;
        var card = (done.Card with { UpdatedAt = now }).ResetSupply();
        return new JobCardEdited(card, new JobCardAudit(AppointmentId, ShopId, Revision + 1, done.Action, actor, reason, done.Before, done.After, now));
    }

    private sealed record Applied(JobCard Card, string Action, string? Before, string? After);

    private Result<Applied, EditRefusal> AddLabor(AddLaborLine add)
    {
        if (Text(add.Operation, "operation") is { } bad) return bad;
        if (Minutes(add.EstimatedMinutes) is { } badMinutes) return badMinutes;
        var skills = new List<string>();
        foreach (var (text, i) in add.RequiredSkills.Select((s, i) => (s, i)))
        {
            if (!Skill.TryParse(text, $"requiredSkills[{i}]").TryGetValue(out var skill, out var error))
                return Invalid(error.Field, error.Message);
            skills.Add(skill.Value);
        }
        var line = new LaborLine($"L{NextLineNumber}", add.Operation.Trim(), null, add.EstimatedMinutes, [.. skills.Distinct().Order()], true);
        return new Applied(this with { Labor = Labor.Add(line), NextLineNumber = NextLineNumber + 1 }, "jobcard.line-added", null, line.ToString());
    }

    private Result<Applied, EditRefusal> AddParts(AddPartsLine add)
    {
        if (Quantity(add.Quantity) is { } bad) return bad;
        var line = new PartsLine($"P{NextLineNumber}", add.Sku, add.Quantity, null, true);
        return new Applied(this with { Parts = Parts.Add(line), NextLineNumber = NextLineNumber + 1 }, "jobcard.line-added", null, line.ToString());
    }

    private Result<Applied, EditRefusal> Remove(string lineId)
    {
        if (Labor.FirstOrDefault(l => l.Id == lineId) is { } labor)
            return new Applied(this with { Labor = Labor.Remove(labor) }, "jobcard.line-removed", labor.ToString(), null);
        if (Parts.FirstOrDefault(p => p.Id == lineId) is { } part)
            return new Applied(this with { Parts = Parts.Remove(part) }, "jobcard.line-removed", part.ToString(), null);
        return NoLine(lineId);
    }

    private Result<Applied, EditRefusal> Change(ChangeLine change)
    {
        if (Parts.FirstOrDefault(p => p.Id == change.LineId) is { } part)
        {
            if (change.EstimatedMinutes is not null || change.Operation is not null)
                return Invalid("quantity", "a parts line changes only its quantity.");
            if (change.Quantity is not { } quantity) return Invalid("quantity", "is required for a parts line.");
            if (Quantity(quantity) is { } bad) return bad;
            var changed = part with { Quantity = quantity };
            return new Applied(this with { Parts = Parts.Replace(part, changed) }, "jobcard.line-changed", part.ToString(), changed.ToString());
        }
        if (Labor.FirstOrDefault(l => l.Id == change.LineId) is { } labor)
        {
            if (change.Quantity is not null) return Invalid("quantity", "a labor line has minutes, not a quantity.");
            if (change.EstimatedMinutes is null && change.Operation is null) return Invalid("estimatedMinutes", "give estimatedMinutes or operation.");
            if (change.Operation is { } op && Text(op, "operation") is { } badText) return badText;
            if (change.EstimatedMinutes is { } m && Minutes(m) is { } badMinutes) return badMinutes;
            var changed = labor with { Operation = change.Operation?.Trim() ?? labor.Operation, EstimatedMinutes = change.EstimatedMinutes ?? labor.EstimatedMinutes };
            return new Applied(this with { Labor = Labor.Replace(labor, changed) }, "jobcard.line-changed", labor.ToString(), changed.ToString());
        }
        return NoLine(change.LineId);
    }

    private static EditRefusal Invalid(string field, string message) => new(EditRefusalKind.Invalid, field, message);

    private static EditRefusal NoLine(string lineId) => new(EditRefusalKind.LineNotFound, "lineId", $"the job card has no line '{lineId}'.");

    private static EditRefusal? Text(string? text, string field) =>
        string.IsNullOrWhiteSpace(text) || text.Trim().Length > 100 || text.Any(char.IsControl)
            ? Invalid(field, "is required: at most 100 characters, no control characters.")
            : null;

    private static EditRefusal? Minutes(int minutes) =>
        minutes is < 1 or > ServiceDefinition.MaxLaborMinutes ? Invalid("estimatedMinutes", $"must be between 1 and {ServiceDefinition.MaxLaborMinutes}.") : null;

    private static EditRefusal? Quantity(int quantity) =>
        quantity is < 1 or > MaxPartQuantity ? Invalid("quantity", $"must be between 1 and {MaxPartQuantity}.") : null;
}
