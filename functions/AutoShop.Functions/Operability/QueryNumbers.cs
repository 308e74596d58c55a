using System.Globalization;
using AutoShop.Functions.Hosting.Http;

namespace AutoShop.Functions.Operability;

/// <summary>
/// Whole-number query values as HTTP functions read them. A minimal API bound an <c>int?</c> parameter itself and
/// refused a value that was not a whole number in range (an empty one included) with a <see cref="BadHttpRequestException"/>,
/// which <see cref="BadRequestProblems"/> answers as a 400 naming the parameter; a function reads its query text,
/// so this refuses the same values with the binder's own words, and the answer stays the same.
/// </summary>
public static class QueryNumbers
{
    /// <summary>The value of <paramref name="name"/>, or null when it is absent.</summary>
    /// <exception cref="BadHttpRequestException">The value is not an <see cref="int"/>.</exception>
    public static int? QueryInt32(this HttpRequest request, string name)
    {
        if (request.QueryText(name) is not { } text) return null;
        // The binder's parse: invariant culture, a sign and surrounding spaces allowed.
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value
            : throw new BadHttpRequestException($"Failed to bind parameter \"Nullable<int> {name}\" from \"{text}\".", StatusCodes.Status400BadRequest);
    }
}
