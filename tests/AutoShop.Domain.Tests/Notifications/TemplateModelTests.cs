using AutoShop.Domain.Notifications;
using NodaTime;

namespace AutoShop.Domain.Tests.Notifications;

public class TemplateModelTests
{
    [Fact]
    public void English_times_read_as_a_sentence_in_shop_local_time()
    {
        var model = TemplateModel.From(SampleData.Context(MessageKind.Confirmation, Language.En));

        Assert.Equal("Tuesday, March 10, 2026 at 9:30 AM", model.Appointment.Start);
        Assert.Equal("Tuesday, March 10, 2026 at 11:00 AM", model.Appointment.End);
        Assert.Equal("Tuesday, March 10, 2026", model.Appointment.Date);
        Assert.Equal("9:30 AM", model.Appointment.Time);
        Assert.Equal("11:00 AM", model.Appointment.EndTime);
        Assert.Equal(90, model.Appointment.DurationMinutes);
    }

    [Fact]
    public void Spanish_times_use_spanish_names_and_a_24_hour_clock()
    {
        var model = TemplateModel.From(SampleData.Context(MessageKind.Confirmation, Language.Es));

        Assert.Equal("martes, 10 de marzo de 2026, 9:30", model.Appointment.Start);
        Assert.Equal("martes, 10 de marzo de 2026", model.Appointment.Date);
        Assert.Equal("11:00", model.Appointment.EndTime);
    }

    [Fact]
    public void The_zone_abbreviation_and_offset_follow_daylight_saving_time()
    {
        var summer = TemplateModel.From(SampleData.Context(MessageKind.Reminder, Language.En));
        var winterContext = SampleData.Context(MessageKind.Reminder, Language.En) with
        {
            Start = Instant.FromUtc(2026, 1, 13, 14, 30),
            End = Instant.FromUtc(2026, 1, 13, 15, 30),
        };
        var winter = TemplateModel.From(winterContext);

        Assert.Equal(("EDT", "UTC-04:00"), (summer.Appointment.TimeZone, summer.Appointment.UtcOffset));
        Assert.Equal(("EST", "UTC-05:00"), (winter.Appointment.TimeZone, winter.Appointment.UtcOffset));
        Assert.Equal("Tuesday, January 13, 2026 at 9:30 AM", winter.Appointment.Start);
    }

    [Fact]
    public void The_same_instant_reads_in_each_shops_own_zone()
    {
        var context = SampleData.Context(MessageKind.Confirmation, Language.En) with
        {
            ShopZone = DateTimeZoneProviders.Tzdb["America/Los_Angeles"],
        };

        var model = TemplateModel.From(context);

        Assert.Equal("6:30 AM", model.Appointment.Time);
        Assert.Equal("America/Los_Angeles", model.Shop.TimeZone);
    }

    [Fact]
    public void Price_estimates_read_as_an_amount_a_range_or_a_promise_to_confirm()
    {
        var english = TemplateModel.From(SampleData.Context(MessageKind.Confirmation, Language.En));
        var spanish = TemplateModel.From(SampleData.Context(MessageKind.Confirmation, Language.Es));

        Assert.Equal(["$89.00", "$25.00 - $40.00", "Price confirmed at the shop"], english.Services.Select(s => s.PriceEstimate));
        Assert.Equal("Precio a confirmar en el taller", spanish.Services[2].PriceEstimate);
    }

    [Fact]
    public void A_price_in_a_foreign_currency_shows_its_code() =>
        Assert.Equal("EUR 50.00", PriceEstimate.Exactly(50m, "eur").Value.ToText(Language.En));

    [Theory]
    [InlineData(-1, 10, "USD")]
    [InlineData(20, 10, "USD")]
    [InlineData(10, 20, "US")]
    public void An_impossible_price_estimate_is_refused(decimal low, decimal high, string currency) =>
        Assert.False(PriceEstimate.Between(low, high, currency).IsValid);

    [Fact]
    public void The_vehicle_description_skips_missing_parts()
    {
        var context = SampleData.Context(MessageKind.Confirmation, Language.En) with { Vehicle = new VehicleInfo("Ford", "Transit") };

        var model = TemplateModel.From(context);

        Assert.Equal("Ford Transit", model.Vehicle.Description);
        Assert.Equal("", model.Vehicle.Year);
    }

    [Fact]
    public void The_exception_is_only_in_the_model_of_exception_kinds()
    {
        var pending = SampleData.Context(MessageKind.ExceptionPending, Language.En);
        var reminder = SampleData.Context(MessageKind.Reminder, Language.En) with { Exception = pending.Exception };

        Assert.NotNull(TemplateModel.From(pending).Exception);
        Assert.Null(TemplateModel.From(reminder).Exception);
    }

    [Fact]
    public void The_reference_falls_back_to_the_appointment_id()
    {
        var context = SampleData.Context(MessageKind.Confirmation, Language.En) with { Reference = null };

        Assert.Equal("apt_7Q2K9M", TemplateModel.From(context).Appointment.Reference);
    }
}
