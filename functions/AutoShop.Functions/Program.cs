using AutoShop.Functions;
using AutoShop.Functions.Audit;
using AutoShop.Functions.Booking;
using AutoShop.Functions.Idempotency;
using AutoShop.Functions.Configuration;
using AutoShop.Functions.Email;
using AutoShop.Functions.Events;
using AutoShop.Functions.Hosting;
using AutoShop.Functions.Hosting.Publish;
using AutoShop.Functions.JobCards;
using AutoShop.Functions.Notifications;
using AutoShop.Functions.Operability;
using AutoShop.Functions.Operations;
using AutoShop.Functions.Pages;
using AutoShop.Functions.SelfService;
using AutoShop.Functions.Reporting;
using AutoShop.Functions.Staff;
using AutoShop.Functions.Storage;

var builder = WebApplication.CreateBuilder(args);
if (builder.Environment.IsDevelopment())
    builder.Configuration.AddLocalSettings(builder.Environment.ContentRootPath);

builder.AddAutoShopLogging();
builder.Services.AddSampleSecretsRefusal();
builder.AddFunctionsHosting();
builder.Services.AddAutoShopProblemDetails();
builder.Services.AddBadRequestProblems();
builder.Services.AddAutoShopOpenApi();
builder.Services.AddStaffAuthentication(builder.Configuration);
builder.Services.AddStorage();
builder.Services.AddRequestBudget();
builder.Services.AddAppointmentEvents();
builder.Services.AddBooking();
builder.Services.AddEmail();
builder.Services.AddSelfService(builder.Configuration);
builder.Services.AddJobCards();
builder.Services.AddAudit();
builder.Services.AddReporting();
builder.Services.AddNotifications();
builder.Services.AddOperations();

var app = builder.Build();
app.UseCorrelationId();
app.UseAutoShopProblemDetails();
app.UseRouting();
app.UseRequestBudget();
app.UseMiddleware<CrossSiteRequests>();
app.UseRequestBodyLimits();
app.UseRateLimiter();
app.UseMiddleware<IdempotencyMiddleware>();
app.UseAuthentication();
app.UseAuthorization();

app.MapFunctionsHosting();
app.MapAutoShopOpenApi();
app.MapHealth();
app.MapPoisonMessages();
app.MapBooking();
app.MapSelfService();
app.MapJobCards();
app.MapAudit();
app.MapReporting();
app.MapNotifications();

if (FunctionMetadataCommand.IsRequested(args))
    return FunctionMetadataCommand.Run(app, args);
app.Run();
return 0;

public partial class Program;
