using Google.Protobuf;
using PlugRpc.Discovery;

namespace PlugRpc.Registry.Etcd;

/// <summary>
/// The key layout, go-rpc's: one key per instance, <c>&lt;prefix&gt;/&lt;appKey&gt;/&lt;network&gt;@&lt;address&gt;</c>
/// (e.g. /plugrpc/arith/tcp@127.0.0.1:8888), its value the instance's metadata JSON.
/// </summary>
internal static class EtcdKeys
{
    /// <summary>The prefix every instance key of <paramref name="appKey"/> starts with, ending in '/'.</summary>
    public static string AppPrefix(EtcdSettings settings, string appKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(appKey);
        return settings.Prefix + "/" + appKey + "/";
    }

    public static string InstanceKey(EtcdSettings settings, ServiceRegistration registration) =>
        AppPrefix(settings, registration.AppKey) + InstanceNodeName.Of(registration.Instance.Address);

    /// <summary>The end of the range of keys that start with <paramref name="prefix"/> (etcd's prefix range: the last byte plus one).</summary>
    public static ByteString RangeEnd(ByteString prefix)
    {
        var end = prefix.ToByteArray();
        for (var i = end.Length - 1; i >= 0; i--)
        {
            if (end[i] < 0xff)
            {
                end[i]++;
                return ByteString.CopyFrom(end, 0, i + 1);
            }
        }

        return ByteString.CopyFrom(0);
    }
}
