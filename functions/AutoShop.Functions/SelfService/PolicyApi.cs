using AutoShop.Domain.Booking;
using AutoShop.Domain.SelfService;
using AutoShop.Functions.Shops;
using AutoShop.Functions.Staff;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AutoShop.Functions.SelfService;

public static class PolicyApi
{
    public sealed record PolicyRulesDto(double RescheduleWindowHours, double CancelWindowHours, int MaxSelfReschedules);

    public sealed record PolicyDto(PolicyRulesDto Shop, IReadOnlyDictionary<string, PolicyRulesDto> Services);

    public static IEndpointRouteBuilder MapPolicies(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/shops/{shopId}/policy").WithTags("Self-service").RequireAuthorization(StaffPolicy.Name);
        group.MapGet("/", Get).WithName("GetSelfServicePolicy")
            .WithSummary("The shop's self-service windows (default 24 h for reschedule and cancel) and reschedule limit (default 2), with per-service overrides");
        group.MapPut("/", PutShop).WithName("SetSelfServicePolicy").WithSummary("Sets the shop-wide self-service rules");
        group.MapPut("/services/{serviceCode}", PutService).WithName("SetServiceSelfServicePolicy").WithSummary("Sets the rules for one service (the strictest rule wins when several services are booked)");
        return app;
    }

    public static async Task<Results<Ok<PolicyDto>, ProblemHttpResult>> Get(string shopId, IShopStore shops, PolicyStore policies, CancellationToken ct)
    {
        if (await ShopLookup.FindAsync(shopId, shops, ct) is not { } setup) return ShopLookup.NotFound(shopId);
        var policy = await policies.GetAsync(setup.Shop.Id, ct);
        return TypedResults.Ok(new PolicyDto(ToDto(policy.Shop), policy.PerService.ToDictionary(p => p.Key.Value, p => ToDto(p.Value))));
    }

    public static Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> PutShop(string shopId, PolicyRulesDto body, IShopStore shops, PolicyStore policies, CancellationToken ct) =>
        Save(shopId, null, body, shops, policies, ct);

    public static Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> PutService(string shopId, string serviceCode, PolicyRulesDto body, IShopStore shops, PolicyStore policies, CancellationToken ct) =>
        Save(shopId, serviceCode, body, shops, policies, ct);

    private static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> Save(string shopId, string? serviceCode, PolicyRulesDto body,
        IShopStore shops, PolicyStore policies, CancellationToken ct)
    {
        if (await ShopLookup.FindAsync(shopId, shops, ct) is not { } setup) return ShopLookup.NotFound(shopId);
        ServiceCode? service = null;
        if (serviceCode is not null)
        {
            if (!ServiceCode.TryParse(serviceCode).TryGetValue(out var code, out _) || !setup.Catalog.ContainsKey(code))
                return Operability.Problems.NotFound("Service not found", $"Shop '{shopId}' has no service '{serviceCode}'.");
            service = code;
        }
        if (!PolicyRules.TryCreate(body.RescheduleWindowHours, body.CancelWindowHours, body.MaxSelfReschedules).TryGetValue(out var rules, out var error))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [error.Field] = [error.Message] });
        await policies.SaveAsync(setup.Shop.Id, service, rules, ct);
        return TypedResults.NoContent();
    }

    private static PolicyRulesDto ToDto(PolicyRules r) => new(r.RescheduleWindow.TotalHours, r.CancelWindow.TotalHours, r.MaxSelfReschedules);
}
