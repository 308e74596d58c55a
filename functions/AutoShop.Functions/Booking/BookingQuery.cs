using System.Globalization;

namespace AutoShop.Functions.Booking;

/// <summary>
/// Booking's query values, read as its minimal API handlers bound them before the move to functions, so
/// clients see no change: a repeated text parameter reads as its values joined with commas
/// (<c>services=a&amp;services=b</c> is <c>a,b</c>), and a number or flag that does not parse (empty or
/// repeated included) is refused with the <see cref="BadHttpRequestException"/> minimal APIs threw, which
/// the problem-details pipeline words as 400 naming the parameter (Operability/BadRequestProblems).
/// </summary>
internal static class BookingQuery
{
    /// <summary>The parameter's value, its values joined with commas when repeated, or null when absent.</summary>
    public static string? Text(this HttpRequest req, string name) => req.Query[name];

    public static int? WholeNumber(this HttpRequest req, string name) =>
        req.Text(name) is not { } text ? null
            : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value
            : throw Unbound("Nullable<int>", name, text);

    public static bool? Flag(this HttpRequest req, string name) =>
        req.Text(name) is not { } text ? null
            : bool.TryParse(text, out var value) ? value
            : throw Unbound("Nullable<bool>", name, text);

    // Minimal APIs' own wording, which BadRequestProblems reads the parameter's name and kind from.
    private static BadHttpRequestException Unbound(string type, string name, string text) =>
        new($"Failed to bind parameter \"{type} {name}\" from \"{text}\".", StatusCodes.Status400BadRequest);
}
