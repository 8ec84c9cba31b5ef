using Etcdserverpb;
using PlugRpc.Discovery;

namespace PlugRpc.Registry.Etcd;

/// <summary>
/// Reads the keys under an app key's prefix as instances; a key whose name is not network@address or whose value is
/// not a metadata JSON object becomes a <see cref="SkippedEntry"/> naming the key. The listing's version is the
/// revision etcd answered at, where a watch for the next change starts.
/// </summary>
internal static class EtcdListingReader
{
    public static RegistryListing Read(string appPrefix, RangeResponse response)
    {
        var instances = new List<ServiceInstance>(response.Kvs.Count);
        var skipped = new List<SkippedEntry>();
        foreach (var kv in response.Kvs)
        {
            var key = kv.Key.ToStringUtf8();
            var nodeName = key.StartsWith(appPrefix, StringComparison.Ordinal) ? key[appPrefix.Length..] : key;
            try
            {
                var address = nodeName.Contains('/', StringComparison.Ordinal)
                    ? throw new FormatException($"'{nodeName}' is below the app key, not network@address such as tcp@127.0.0.1:8888")
                    : InstanceNodeName.ToAddress(nodeName);
                instances.Add(new ServiceInstance(address, InstanceMetadataJson.Read(kv.Value.Span)));
            }
            catch (FormatException ex)
            {
                skipped.Add(new SkippedEntry(key, ex.Message));
            }
        }

        return new RegistryListing(instances, response.Header.Revision, skipped);
    }
}
