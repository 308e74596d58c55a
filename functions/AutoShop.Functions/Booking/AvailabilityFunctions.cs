using AutoShop.Domain;
using AutoShop.Domain.Booking;
using AutoShop.Functions.Booking.Storage;
using AutoShop.Functions.Hosting.Http;
using AutoShop.Functions.Inventory;
using AutoShop.Functions.Operability;
using AutoShop.Functions.Shops;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using NodaTime;
using NodaTime.Text;

namespace AutoShop.Functions.Booking;

[Tags("Booking")]
public sealed class AvailabilityFunctions(IShopStore shops, IScheduleStore schedule, PartsOutlook parts, TimeProvider clock)
{
    public const int MaxWindowDays = 31;
    public const int DefaultWindowDays = 14;
    public const int MaxLimit = 500;

    public sealed record AvailabilityResponse(string ShopId, string TimeZone, IReadOnlyList<string> Services, int DurationMinutes, IReadOnlyList<SlotOffer> Slots)
    {
        /// <summary>With <c>preferAfterParts=true</c>: when parts short now would arrive if ordered now (slots from then on come first).</summary>
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        public ShopTime? PartsReadyAt { get; init; }
    }

    [Function("FindAvailability")]
    [EndpointSummary("Bookable starts for a job, earliest first")]
    [EndpointDescription("`services` is a comma-separated list of service codes booked back to back on one technician and bay. `from`/`to` are shop-local dates (`2026-12-01`) or date-times with an offset; the window defaults to the next 14 days and may span at most 31. Each start satisfies opening hours, a qualified technician on shift and free (under any daily cap), a bay of the right type and a free unit of every tool — the same check booking makes. With `preferAfterParts=true`, starts after the expected arrival of parts that are short now come first.")]
    [QueryParameter("services", typeof(string), Required = true, Description = "Comma-separated service codes, e.g. `oil-change,tire-rotation` (at least one).")]
    [QueryParameter("from", typeof(string), Description = "Start of the window: a shop-local date or a date-time with an offset. Defaults to now.")]
    [QueryParameter("to", typeof(string), Description = "End of the window, as `from`. Defaults to 14 days after `from`; at most 31 days after it.")]
    [QueryParameter("limit", typeof(int), Description = "How many starts to return, 1-500.")]
    [QueryParameter("preferAfterParts", typeof(bool), Description = "List starts after parts that are short now would arrive first.")]
    public async Task<Results<Ok<AvailabilityResponse>, ProblemHttpResult, ValidationProblem>> FindAvailability(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/shops/{shopId}/availability")] HttpRequest req, string shopId)
    {
        var ct = req.HttpContext.RequestAborted;
        // A number or flag that does not parse is refused before anything else, as when minimal APIs bound them.
        var (services, from, to, limit, preferAfterParts) =
            (req.Text("services"), req.Text("from"), req.Text("to"), req.WholeNumber("limit"), req.Flag("preferAfterParts"));
        var setup = await ShopLookup.FindAsync(shopId, shops, ct);
        if (setup is null) return ShopLookup.NotFound(shopId);
        var errors = new Dictionary<string, string[]>();
        var codes = (services ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select((c, i) => ServiceCode.TryParse(c, $"services[{i}]")).ToList();
        if (codes.Count == 0) errors["services"] = ["name at least one service code, e.g. services=oil-change,tire-rotation."];
        foreach (var bad in codes.Where(c => c.IsFailure)) errors[bad.Error.Field] = [bad.Error.Message];
        var zone = setup.Shop.Zone;
        var start = ReadBound(from, zone, errors, "from") ?? Instant.FromDateTimeOffset(clock.GetUtcNow());
        var end = ReadBound(to, zone, errors, "to") ?? start + Duration.FromDays(DefaultWindowDays);
        if (end <= start) errors["to"] = ["must be after 'from'."];
        else if (end - start > Duration.FromDays(MaxWindowDays)) errors["to"] = [$"the window may span at most {MaxWindowDays} days."];
        if (limit is < 1 or > MaxLimit) errors["limit"] = [$"must be between 1 and {MaxLimit}."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var search = new AvailabilitySearch(clock);
        var codeList = codes.Select(c => c.Value).ToList();
        var bookings = await schedule.LoadBookingsAsync(setup.Shop.Id, search.DatesToLoad(setup.Shop, start, end), ct);
        var found = search.Find(new AvailabilityQuery(setup, codeList, start, end, bookings, limit ?? AvailabilityQuery.DefaultMaxResults));
        if (!found.TryGetValue(out var result, out var rejection))
            return ValidationProblems.Invalid(rejection.Field == "serviceCodes" ? "services" : rejection.Field, rejection.Message);
        var (offers, partsReadyAt) = preferAfterParts == true
            ? await parts.PreferAfterPartsAsync(setup, codeList, result.Offers, o => o.Start, ct)
            : (result.Offers, null);
        return TypedResults.Ok(new AvailabilityResponse(setup.Shop.Id.Value, zone.Id, [.. codeList.Select(c => c.Value)],
            (int)result.Job.Duration.TotalMinutes, [.. offers.Select(SlotOffer.From)])
        { PartsReadyAt = partsReadyAt is { } ready ? ShopTime.Of(ready, zone) : null });
    }

    private static Instant? ReadBound(string? text, DateTimeZone zone, Dictionary<string, string[]> errors, string field)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (LocalDatePattern.Iso.Parse(text) is { Success: true } date)
        {
            if (RequestDates.Contains(date.Value)) return date.Value.AtStartOfDayInZone(zone).ToInstant();
        }
        else if (OffsetDateTimePattern.ExtendedIso.Parse(text) is { Success: true } moment)
        {
            if (RequestDates.Contains(moment.Value)) return moment.Value.ToInstant();
        }
        else
        {
            errors[field] = ["must be a date (2026-12-01) or a date-time with an offset (2026-12-01T08:00:00-05:00)."];
            return null;
        }
        errors[field] = [RequestDates.OutOfRangeMessage];
        return null;
    }
}
