namespace PlugRpc.Transport;

/// <summary>
/// Where a server listens or a client connects: <c>scheme://target</c>, e.g. <c>tcp://127.0.0.1:7000</c> or
/// <c>unix:///run/arith.sock</c>. The scheme picks the transport.
/// </summary>
public readonly record struct RpcAddress(string Scheme, string Target)
{
    private const string Separator = "://";

    public static RpcAddress Parse(string text)
    {
        if (!TryParse(text, out var address, out var error))
        {
            throw new FormatException(error);
        }

        return address;
    }

    public static bool TryParse(string? text, out RpcAddress address, out string error)
    {
        address = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "an address is empty; expected scheme://target such as tcp://127.0.0.1:7000";
            return false;
        }

        var separator = text.IndexOf(Separator, StringComparison.Ordinal);
        if (separator <= 0 || separator + Separator.Length == text.Length)
        {
            error = $"'{text}' is not an address; expected scheme://target such as tcp://127.0.0.1:7000";
            return false;
        }

        address = new RpcAddress(text[..separator].ToLowerInvariant(), text[(separator + Separator.Length)..]);
        error = string.Empty;
        return true;
    }

    /// <summary>Why the target is not <c>host:port</c>, or null when it is (for <see cref="ITransport.CheckAddress"/>).</summary>
    public string? CheckHostAndPort()
    {
        try
        {
            GetHostAndPort();
            return null;
        }
        catch (FormatException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>Splits a <c>host:port</c> target; IPv6 hosts are written in brackets.</summary>
    public (string Host, int Port) GetHostAndPort()
    {
        var colon = Target.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(Target.AsSpan(colon + 1), out var port) || port is < 0 or > 65535)
        {
            throw new FormatException($"'{this}' has no host:port target (a port from 0 to 65535, e.g. {Scheme}://127.0.0.1:7000)");
        }

        var host = Target[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        return (host, port);
    }

    public override string ToString() => Scheme + Separator + Target;
}
