namespace AutoShop.Testing.Processes;

/// <summary>A dev service exited while starting; <see cref="Output"/> holds what it printed.</summary>
public sealed class ServerStartException : Exception
{
    public ServerStartException(string message, string output)
        : base($"{message}{Environment.NewLine}Its output:{Environment.NewLine}{output}")
    {
        Output = output;
    }

    public ServerStartException()
    {
        Output = "";
    }

    public ServerStartException(string message)
        : base(message)
    {
        Output = "";
    }

    public ServerStartException(string message, Exception innerException)
        : base(message, innerException)
    {
        Output = "";
    }

    /// <summary>The last lines the process wrote.</summary>
    public string Output { get; }

    /// <summary>True when the server could not bind a port another process had just taken.</summary>
    public bool PortWasTaken => Output.Contains("EADDRINUSE", StringComparison.Ordinal);
}
