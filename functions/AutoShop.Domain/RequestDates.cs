using NodaTime;

namespace AutoShop.Domain;

/// <summary>
/// The dates a request may name. NodaTime spans years -9998 to 9999, so a date near either end
/// overflows as soon as code adds a day, a search window, a reminder offset or a time-zone offset
/// (a start in 9999-12-31 used to fail as a 500). Every date the business deals in lies far
/// inside <see cref="Earliest"/>..<see cref="Latest"/>: a parsed date outside it is a field error
/// like any other malformed value, checked where the request is read and before any arithmetic.
/// </summary>
public static class RequestDates
{
    public static readonly LocalDate Earliest = new(2000, 1, 1);

    public static readonly LocalDate Latest = new(2199, 12, 31);

    public const string OutOfRangeMessage = "must be between 2000-01-01 and 2199-12-31.";

    public static bool Contains(LocalDate date) => Earliest <= date && date <= Latest;

    public static bool Contains(LocalDateTime value) => Contains(value.Date);

    /// <summary>Judged by its own local date: an offset moves the instant by at most 18 hours, far from the calendar's ends.</summary>
    public static bool Contains(OffsetDateTime value) => Contains(value.Date);

    public static Result<LocalDate, ValidationError> Check(LocalDate date, string field) =>
        Contains(date) ? date : new ValidationError(field, OutOfRangeMessage);

    public static Result<LocalDateTime, ValidationError> Check(LocalDateTime value, string field) =>
        Contains(value) ? value : new ValidationError(field, OutOfRangeMessage);

    public static Result<OffsetDateTime, ValidationError> Check(OffsetDateTime value, string field) =>
        Contains(value) ? value : new ValidationError(field, OutOfRangeMessage);
}
