using AutoShop.Domain.Booking;
using AutoShop.Domain.SelfService;
using AutoShop.Functions.Hosting.Http;
using AutoShop.Functions.Operability;
using AutoShop.Functions.Shops;
using AutoShop.Functions.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;

namespace AutoShop.Functions.SelfService;

/// <summary>Staff set how far ahead customers may reschedule or cancel through their link, shop-wide and per service.</summary>
[Tags("Self-service")]
[Authorize(Policy = StaffPolicy.Name)]
public sealed class PolicyFunctions(IShopStore shops, PolicyStore policies)
{
    public sealed record PolicyRulesDto(double RescheduleWindowHours, double CancelWindowHours, int MaxSelfReschedules);

    public sealed record PolicyDto(PolicyRulesDto Shop, IReadOnlyDictionary<string, PolicyRulesDto> Services);

    [Function("GetSelfServicePolicy")]
    [EndpointSummary("The shop's self-service windows (default 24 h for reschedule and cancel) and reschedule limit (default 2), with per-service overrides")]
    public async Task<Results<Ok<PolicyDto>, ProblemHttpResult>> GetSelfServicePolicy(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/shops/{shopId}/policy")] HttpRequest req, string shopId)
    {
        var ct = req.HttpContext.RequestAborted;
        if (await ShopLookup.FindAsync(shopId, shops, ct) is not { } setup) return ShopLookup.NotFound(shopId);
        var policy = await policies.GetAsync(setup.Shop.Id, ct);
        return TypedResults.Ok(new PolicyDto(ToDto(policy.Shop), policy.PerService.ToDictionary(p => p.Key.Value, p => ToDto(p.Value))));
    }

    [Function("SetSelfServicePolicy")]
    [EndpointSummary("Sets the shop-wide self-service rules")]
    [JsonBody(typeof(PolicyRulesDto))]
    public async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> SetSelfServicePolicy(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/shops/{shopId}/policy")] HttpRequest req, string shopId)
    {
        var ct = req.HttpContext.RequestAborted;
        var body = await req.ReadJsonAsync<PolicyRulesDto>(ct);
        return await SaveAsync(shopId, null, body, ct);
    }

    [Function("SetServiceSelfServicePolicy")]
    [EndpointSummary("Sets the rules for one service (the strictest rule wins when several services are booked)")]
    [JsonBody(typeof(PolicyRulesDto))]
    public async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> SetServiceSelfServicePolicy(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/shops/{shopId}/policy/services/{serviceCode}")] HttpRequest req,
        string shopId, string serviceCode)
    {
        var ct = req.HttpContext.RequestAborted;
        var body = await req.ReadJsonAsync<PolicyRulesDto>(ct);
        return await SaveAsync(shopId, serviceCode, body, ct);
    }

    private async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> SaveAsync(string shopId, string? serviceCode, PolicyRulesDto body, CancellationToken ct)
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
            return ValidationProblems.Invalid(error);
        await policies.SaveAsync(setup.Shop.Id, service, rules, ct);
        return TypedResults.NoContent();
    }

    private static PolicyRulesDto ToDto(PolicyRules r) => new(r.RescheduleWindow.TotalHours, r.CancelWindow.TotalHours, r.MaxSelfReschedules);
}
