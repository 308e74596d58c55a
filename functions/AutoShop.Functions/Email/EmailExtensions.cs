namespace AutoShop.Functions.Email;

public static class EmailExtensions
{
    public static IServiceCollection AddEmail(this IServiceCollection services)
    {
        services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IEmailSender, SmtpEmailSender>();
        return services;
    }
}
