using AutoShop.Domain.Vehicles;

namespace AutoShop.Domain.Tests.Vehicles;

public class VehicleTests
{
    [Fact]
    public void A_vehicle_without_a_vin_is_accepted_and_its_plate_normalised()
    {
        var vehicle = Vehicle.TryCreate(null, " abc 123 ", "Honda", "Civic", 2019, null, 2027).Value;

        Assert.Equal("ABC 123", vehicle.Plate);
        Assert.Null(vehicle.Vin);
    }

    [Theory]
    [InlineData(1899, 10, "year")]
    [InlineData(2028, 10, "year")]
    [InlineData(2019, -1, "mileage")]
    public void Impossible_years_and_negative_mileage_are_rejected(int year, int mileage, string field)
    {
        Assert.Equal(field, Vehicle.TryCreate(null, null, "Honda", "Civic", year, mileage, 2027).Error.Field);
    }
}
