using PlugRpc.Transport;

namespace PlugRpc.Discovery;

/// <summary>
/// go-rpc's name for an instance in a registry: <c>network@address</c>, e.g. <c>tcp@127.0.0.1:8888</c> for
/// PlugRpc's <c>tcp://127.0.0.1:8888</c>. Every registry uses it, so go-rpc and PlugRpc share one layout.
/// </summary>
public static class InstanceNodeName
{
    public static string Of(string address)
    {
        var parsed = RpcAddress.Parse(address);
        return parsed.Scheme + "@" + parsed.Target;
    }

    /// <summary>The PlugRpc address a node name stands for.</summary>
    /// <exception cref="FormatException">Not network@address.</exception>
    public static string ToAddress(string nodeName)
    {
        var at = nodeName.IndexOf('@');
        if (at <= 0 || at == nodeName.Length - 1)
        {
            throw new FormatException($"'{nodeName}' is not network@address such as tcp@127.0.0.1:8888");
        }

        var network = nodeName[..at];
        if (!network.All(char.IsAsciiLetterOrDigit))
        {
            throw new FormatException($"'{nodeName}' names the network '{network}', which is not a word such as tcp");
        }

        return network.ToLowerInvariant() + "://" + nodeName[(at + 1)..];
    }
}
