using Azure;

namespace AutoShop.Functions.Storage;

/// <summary>Which failures mean "storage cannot serve us right now", as opposed to a refusal (404, 409, 412) or a bug.</summary>
public static class StorageFaults
{
    /// <summary>
    /// Transport failures (Azure.Core reports refused or reset connections as status 0), the statuses Azure Storage
    /// answers when it is busy or failing (408, 500, 502, 503, 504; the documented throttling replies are 500 and
    /// 503), and the SDK's "retry failed after n tries", an <see cref="AggregateException"/> of such failures and of
    /// attempts that ran out of time.
    /// </summary>
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        RequestFailedException failed => IsUnavailableStatus(failed.Status),
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsFailedAttempt),
        _ => false,
    };

    private static bool IsFailedAttempt(Exception exception) =>
        IsUnavailable(exception) || exception is OperationCanceledException or IOException or HttpRequestException;

    private static bool IsUnavailableStatus(int status) => status is 0 or 408 or 500 or 502 or 503 or 504;
}
