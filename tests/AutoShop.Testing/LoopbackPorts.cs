using System.Net;
using System.Net.Sockets;

namespace AutoShop.Testing;

/// <summary>Free TCP ports on 127.0.0.1, chosen by the operating system.</summary>
public static class LoopbackPorts
{
    /// <summary>
    /// Returns <paramref name="count"/> distinct ports that were free a moment ago. All listeners
    /// are held open together so the OS cannot hand out the same port twice, then released for
    /// the caller's server to bind. Another process may still take one in between; servers here
    /// retry with fresh ports when that happens.
    /// </summary>
    public static int[] GetFree(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var listeners = new List<TcpListener>(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
            }

            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }
}
