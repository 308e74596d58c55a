namespace AutoShop.Domain.Vehicles;

/// <summary>The vehicle being serviced. The VIN is optional (people rarely know it when booking) but validated when given.</summary>
public sealed record Vehicle
{
    public const int OldestModelYear = 1900;
    public const int MaxTextLength = 40;

    private Vehicle(Vin? vin, string? plate, string make, string model, int year, int? mileage)
    {
        Vin = vin;
        Plate = plate;
        Make = make;
        Model = model;
        Year = year;
        Mileage = mileage;
    }

    public Vin? Vin { get; }

    public string? Plate { get; }

    public string Make { get; }

    public string Model { get; }

    public int Year { get; }

    public int? Mileage { get; }

    /// <param name="latestModelYear">Makers sell next year's models early, so callers pass "this year + 1" from their clock.</param>
    public static Result<Vehicle, ValidationError> TryCreate(
        Vin? vin, string? plate, string? make, string? model, int year, int? mileage, int latestModelYear)
    {
        var cleanPlate = string.IsNullOrWhiteSpace(plate) ? null : plate.Trim().ToUpperInvariant();
        if (cleanPlate is { Length: > 12 })
            return new ValidationError("plate", "must be at most 12 characters.");
        if (TextProblem(make) is { } makeProblem)
            return new ValidationError("make", makeProblem);
        if (TextProblem(model) is { } modelProblem)
            return new ValidationError("model", modelProblem);
        if (year < OldestModelYear || year > latestModelYear)
            return new ValidationError("year", $"must be between {OldestModelYear} and {latestModelYear}.");
        if (mileage is < 0)
            return new ValidationError("mileage", "must not be negative.");
        return new Vehicle(vin, cleanPlate, make!.Trim(), model!.Trim(), year, mileage);
    }

    private static string? TextProblem(string? text) =>
        string.IsNullOrWhiteSpace(text) ? "is required."
        : text.Trim().Length > MaxTextLength ? $"must be at most {MaxTextLength} characters."
        : text.Any(char.IsControl) ? "must not contain control characters."
        : null;
}
