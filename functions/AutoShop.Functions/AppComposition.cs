using AutoShop.Functions.Approvals;
using AutoShop.Functions.Audit;
using AutoShop.Functions.Booking;
using AutoShop.Functions.Configuration;
using AutoShop.Functions.Email;
using AutoShop.Functions.Events;
using AutoShop.Functions.Hosting;
using AutoShop.Functions.JobCards;
using AutoShop.Functions.Notifications;
using AutoShop.Functions.Operability;
using AutoShop.Functions.Operability.OpenApi;
using AutoShop.Functions.Operations;
using AutoShop.Functions.Reporting;
using AutoShop.Functions.SelfService;
using AutoShop.Functions.Staff;
using AutoShop.Functions.Storage;

namespace AutoShop.Functions;

/// <summary>The app's services, the same under the Functions worker and under the local host.</summary>
public static class AppComposition
{
    public static IHostApplicationBuilder AddAutoShop(this IHostApplicationBuilder builder)
    {
        builder.AddAutoShopLogging();
        var services = builder.Services;
        services.AddSampleSecretsRefusal();
        services.AddFunctionCatalog();
        services.AddAutoShopProblemDetails();
        services.AddBadRequestProblems();
        services.AddAutoShopOpenApi();
        services.AddStaffAuthentication(builder.Configuration);
        services.AddStorage();
        services.AddRequestBudget();
        services.AddAppointmentEvents();
        services.AddBooking();
        services.AddEmail();
        services.AddSelfService(builder.Configuration);
        services.AddJobCards();
        services.AddAudit();
        services.AddReporting();
        services.AddNotifications();
        services.AddOperations();
        return builder;
    }
}
