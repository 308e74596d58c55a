namespace AutoShop.Functions.Hosting.Catalog;

/// <summary>
/// Thrown by a queue function whose message is not what it reads: not JSON, or not the JSON it expects.
/// Another delivery cannot change the message, so the standalone listener moves it to the poison queue
/// at its first delivery, with this reason, instead of retrying it. A <see cref="FormatException"/>, so
/// code that already treats format errors as such keeps doing so.
/// </summary>
public sealed class UnreadableMessageException : FormatException
{
    public UnreadableMessageException(string reason) : base(reason)
    {
    }

    public UnreadableMessageException(string reason, Exception inner) : base(reason, inner)
    {
    }
}
