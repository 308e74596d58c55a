using AutoShop.Functions.Booking.Storage;
using AutoShop.Functions.Hosting.Catalog;
using AutoShop.Functions.Idempotency;
using AutoShop.Functions.Shops;

namespace AutoShop.Functions.Booking;

public static class BookingExtensions
{
    public static IServiceCollection AddBooking(this IServiceCollection services)
    {
        services.AddSingleton<IShopStore, TableShopStore>();
        services.AddSingleton<IScheduleStore, TableScheduleStore>();
        services.AddSingleton<RecentBookings>();
        services.AddSingleton<AppointmentBooking>();
        services.AddSingleton<AppointmentChanges>();
        services.AddSingleton<AppointmentMoves>();
        services.AddOptions<SeedOptions>().BindConfiguration(SeedOptions.Section);
        services.AddHostedService<DemoSeeder>();
        services.AddIdempotency();
        services.AddSingleton<ResolveStaleMoves>();
        return services;
    }
}
