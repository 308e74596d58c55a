using NodaTime;
using static AutoShop.Domain.Booking.Seed.ShopSetupDocument;

namespace AutoShop.Domain.Booking.Seed;

/// <summary>Maps the shop and technician objects of a seed document.</summary>
internal static class ShopSetupParts
{
    public static Result<Shop, ValidationError> Shop(ShopDto dto, string field)
    {
        var id = ShopId.TryParse(dto.Id, $"{field}.id");
        var hours = Hours(dto.OpeningHours, $"{field}.openingHours");
        var closures = Each(dto.Closures, $"{field}.closures", Date);
        if (!id.TryGetValue(out var shopId, out var error) || !hours.TryGetValue(out var opening, out error)
            || !closures.TryGetValue(out var closed, out error))
            return error;
        return Booking.Shop.TryCreate(shopId, dto.Name, dto.TimeZone, dto.PhoneRegion, opening, closed,
            Minutes(dto.SlotGranularityMinutes), dto.BookingHorizonDays is { } days ? Duration.FromDays(days) : null,
            Minutes(dto.MinimumNoticeMinutes)).Prefix(field);
    }

    public static Result<Technician, ValidationError> Technician(TechnicianDto dto, string field)
    {
        var id = TechnicianId.TryParse(dto.Id, $"{field}.id");
        var skills = Each(dto.Skills, $"{field}.skills", (s, f) => Skill.TryParse(s, f));
        var shifts = Hours(dto.Shifts, $"{field}.shifts");
        var timeOff = Each(dto.TimeOff, $"{field}.timeOff", TimeOff);
        if (!id.TryGetValue(out var techId, out var error) || !skills.TryGetValue(out var skillList, out error)
            || !shifts.TryGetValue(out var shiftHours, out error) || !timeOff.TryGetValue(out var absences, out error))
            return error;
        var cap = dto.DailyCapHours is { } hours ? Duration.FromMinutes((double)(hours * 60)) : (Duration?)null;
        return Booking.Technician.TryCreate(techId, dto.Name, skillList, shiftHours, absences, cap).Prefix(field);
    }

    private static Result<TimeOff, ValidationError> TimeOff(TimeOffDto dto, string field)
    {
        if (dto.Date is not null)
            return Date(dto.Date, $"{field}.date").Map(Booking.TimeOff.WholeDay);
        var from = DateTime(dto.From, $"{field}.from");
        var to = DateTime(dto.To, $"{field}.to");
        if (!from.TryGetValue(out var start, out var error) || !to.TryGetValue(out var end, out error))
            return error;
        return Booking.TimeOff.TryBetween(start, end, field);
    }

    private static Duration? Minutes(int? minutes) => minutes is { } m ? Duration.FromMinutes(m) : null;
}
