namespace AutoShop.Functions.Teams;

public static class TeamsExtensions
{
    /// <summary>One Teams poster for every capability; an unset or unresolved webhook setting simply posts nothing.</summary>
    public static IServiceCollection AddTeams(this IServiceCollection services)
    {
        services.AddOptions<TeamsOptions>().BindConfiguration(TeamsOptions.Section);
        services.AddHttpClient<TeamsWebhook>(c => c.Timeout = TimeSpan.FromSeconds(10));
        return services;
    }
}
