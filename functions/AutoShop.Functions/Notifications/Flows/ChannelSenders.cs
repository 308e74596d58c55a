using System.Net.Sockets;
using AutoShop.Functions.Email;
using AutoShop.Functions.Hosting;
using AutoShop.Functions.Notifications.Sms;
using MailKit;
using MailKit.Net.Smtp;
using MimeKit;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace AutoShop.Functions.Notifications.Flows;

/// <summary>How one send ended, when it did not throw.</summary>
public abstract record SendResult;

/// <summary>The provider took the message; <see cref="ProviderId"/> is its id for it.</summary>
public sealed record SendDelivered(string ProviderId) : SendResult;

/// <summary>The provider refused it for good (bad address, rejected recipient): retrying cannot help.</summary>
public sealed record SendRefused(string Reason) : SendResult;

/// <summary>A transient SMS outcome, thrown so the retry pipeline (and then the queue) tries again.</summary>
public sealed class TransientSmsException(SmsSendOutcome outcome) : Exception($"Transient SMS failure: {outcome}")
{
    public SmsSendOutcome Outcome { get; } = outcome;
}

/// <summary>
/// Email and SMS with a few quick retries inside one invocation (Polly, exponential backoff with
/// jitter, on real time even when business time is faked) for a blip. What still fails throws, and
/// <see cref="Delivery.TrackedSends"/> queues a later try; a refusal for good is answered as
/// <see cref="SendRefused"/> and not tried again.
/// </summary>
public sealed partial class ChannelSenders
{
    private readonly IEmailSender email;
    private readonly ISmsChannel sms;
    private readonly ResiliencePipeline pipeline;

    /// <summary>The key of the email sender notifications use (a pooled SMTP sender).</summary>
    public const string EmailSenderKey = "notifications";

    public ChannelSenders([FromKeyedServices(EmailSenderKey)] IEmailSender email, ISmsChannel sms, IOptions<NotificationOptions> options,
        [FromKeyedServices(HostingExtensions.PollingClock)] TimeProvider realClock, ILogger<ChannelSenders> logger)
    {
        this.email = email;
        this.sms = sms;
        var o = options.Value;
        var builder = new ResiliencePipelineBuilder { TimeProvider = realClock };
        if (o.SendAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = o.SendAttempts - 1,
                Delay = o.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
                OnRetry = args =>
                {
                    LogRetrying(logger, args.AttemptNumber + 2, args.Outcome.Exception?.GetType().Name ?? "", args.Outcome.Exception?.Message ?? "");
                    return ValueTask.CompletedTask;
                },
            });
        }
        pipeline = builder.Build();
    }

    public string SmsChannelName => sms.Name;

    public async Task<SendResult> SendEmailAsync(EmailMessage message, CancellationToken ct)
    {
        try
        {
            await pipeline.ExecuteAsync(async token => await email.SendAsync(message, token), ct);
            return new SendDelivered(message.MessageId);
        }
        catch (SmtpCommandException ex) when (ex.ErrorCode == SmtpErrorCode.RecipientNotAccepted && (int)ex.StatusCode >= 500)
        {
            return new SendRefused($"recipient refused: {(int)ex.StatusCode} {ex.Message}");
        }
        catch (SmtpCommandException ex) when (ex.ErrorCode == SmtpErrorCode.MessageNotAccepted && (int)ex.StatusCode >= 500)
        {
            // This message refused for good (too large, judged spam). A 5xx for the sender is not caught here: that
            // is the relay's configuration, fixed once for every message, so those keep being tried.
            return new SendRefused($"message refused: {(int)ex.StatusCode} {ex.Message}");
        }
        catch (ParseException ex)
        {
            return new SendRefused($"bad address: {ex.Message}"); // no relay will take an address that does not parse
        }
    }

    public async Task<SendResult> SendSmsAsync(SmsMessage message, CancellationToken ct)
    {
        var outcome = await pipeline.ExecuteAsync(async token =>
        {
            var result = await sms.SendAsync(message, token);
            return result is SmsRequestFailed { IsTransient: true } or SmsRecipientRejected { IsTransient: true } ? throw new TransientSmsException(result) : result;
        }, ct);
        return outcome switch
        {
            SmsAccepted accepted => new SendDelivered(accepted.MessageId),
            SmsRecipientRejected rejected => new SendRefused($"recipient rejected: {rejected.HttpStatusCode} {rejected.ErrorMessage}"),
            SmsInvalid invalid => new SendRefused(invalid.Reason),
            SmsRequestFailed failed => new SendRefused($"request refused: {(int)failed.StatusCode} {failed.Detail}"),
            _ => throw new InvalidOperationException($"Unexpected SMS outcome {outcome}"),
        };
    }

    /// <summary>Network trouble, timeouts, 4xx SMTP replies and throttling are worth another try; the rest is not.</summary>
    public static bool IsTransient(Exception ex) => ex switch
    {
        TransientSmsException or IOException or SocketException or TimeoutException or HttpRequestException => true,
        SmtpProtocolException or ServiceNotConnectedException => true,
        SmtpCommandException command => (int)command.StatusCode is >= 400 and < 500,
        _ => false,
    };

    [LoggerMessage(LogLevel.Warning, "A send failed ({ErrorType}: {Error}); attempt {Attempt} follows")]
    private static partial void LogRetrying(ILogger logger, int attempt, string errorType, string error);
}
