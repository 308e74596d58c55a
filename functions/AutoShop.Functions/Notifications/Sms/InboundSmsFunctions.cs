using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using AutoShop.Functions.Hosting.Http;
using AutoShop.Functions.Operability;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace AutoShop.Functions.Notifications.Sms;

/// <summary>
/// Event Grid delivers ACS <c>Microsoft.Communication.SMSReceived</c> events here (<see cref="InboundSmsEvents"/>
/// acts on them). The webhook is anonymous to staff authentication: Event Grid proves itself with the shared
/// key in <c>?code=</c>. A reply that could not be sent answers 503 so Event Grid delivers the batch again.
/// </summary>
[Tags("Notifications")]
public sealed class InboundSmsFunctions(IOptions<SmsOptions> sms, InboundSmsEvents events)
{
    /// <summary>The subscription handshake's answer: <c>{"validationResponse": code}</c>.</summary>
    public sealed record ValidationAnswer([property: JsonPropertyName("validationResponse")] string Code);

    [Function("ReceiveInboundSms")]
    [AllowAnonymous]
    [EndpointSummary("Event Grid webhook for ACS SMSReceived events (?code= shared secret): opt-out keywords and clear revocations, START/UNSTOP and HELP/INFO update consent or reply")]
    [QueryParameter("code", typeof(string), Description = "The webhook's shared secret (setting Sms:InboundWebhookKey).")]
    public async Task<Results<Ok<ValidationAnswer>, Ok<InboundResult>, ProblemHttpResult>> ReceiveInboundSms(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/sms/inbound")] HttpRequest req)
    {
        var ct = req.HttpContext.RequestAborted;
        if (!IsAuthorized(req.QueryText("code"), sms.Value.InboundWebhookKey))
            return TypedResults.Problem(title: "Not authorized", detail: "The webhook key is missing or wrong.", statusCode: StatusCodes.Status401Unauthorized);
        return await events.ReceiveAsync(req.Body, ct) switch
        {
            InboundDelivery.Validation v => TypedResults.Ok(new ValidationAnswer(v.Code)),
            InboundDelivery.Handled h => TypedResults.Ok(h.Result),
            InboundDelivery.Unreadable u => Problems.Unprocessable("body", $"is not JSON: {u.Error}", "Not an Event Grid delivery"),
            InboundDelivery.ReplyNotSent => TypedResults.Problem(title: "Reply not sent", statusCode: StatusCodes.Status503ServiceUnavailable,
                detail: "A keyword reply could not be sent; deliver the event again."),
            var other => throw new InvalidOperationException($"Unexpected inbound delivery outcome {other}"),
        };
    }

    /// <summary>Constant time, so the key cannot be guessed a character at a time; no key configured means the webhook is off.</summary>
    public static bool IsAuthorized(string? presented, string? expected) =>
        !string.IsNullOrEmpty(expected) && presented is not null &&
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
