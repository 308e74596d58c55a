using AutoShop.Domain.Booking;

namespace AutoShop.Domain.JobCards;

/// <summary>A staff change to a job card's lines; always made with a reason code.</summary>
public abstract record LineEdit;

public sealed record AddLaborLine(string Operation, int EstimatedMinutes, IReadOnlyList<string> RequiredSkills) : LineEdit;

public sealed record AddPartsLine(Sku Sku, int Quantity) : LineEdit;

public sealed record RemoveLine(string LineId) : LineEdit;

/// <summary>Changes a line in place: quantity for a parts line; minutes or operation for a labor line.</summary>
public sealed record ChangeLine(string LineId, int? Quantity, int? EstimatedMinutes, string? Operation) : LineEdit;
