namespace AutoShop.Functions.Notifications.Sms;

/// <summary>Where outgoing SMS go: ACS in Azure, the dev outbox locally. Chosen once at start from <see cref="SmsOptions"/>.</summary>
public interface ISmsChannel
{
    /// <summary><c>acs</c> or <c>dev-outbox</c>, for logs and the delivery log.</summary>
    string Name { get; }

    Task<SmsSendOutcome> SendAsync(SmsMessage message, CancellationToken cancellationToken);
}

/// <summary>ACS over its REST API.</summary>
public sealed class AcsSmsChannel(AcsSmsSender sender) : ISmsChannel
{
    public string Name => "acs";

    public Task<SmsSendOutcome> SendAsync(SmsMessage message, CancellationToken cancellationToken) => sender.SendAsync(message, cancellationToken);
}
