using System.Globalization;
using PlugRpc.Discovery;
using PlugRpc.Options;
using PlugRpc.Transport;

namespace PlugRpc.Server;

/// <summary>What a server announces in its registry: an address clients can call, and its metadata.</summary>
internal static class RegistrationAddresses
{
    /// <exception cref="RpcException">FailedPrecondition: a wildcard listen address to register without an advertised address.</exception>
    public static void Check(ServerOptions options, RpcAddress listen)
    {
        if (options.Registry is null || options.AdvertisedAddress is not null || listen.Scheme is "unix")
        {
            return;
        }

        var (host, _) = listen.GetHostAndPort();
        if (host is "0.0.0.0" or "::" or "*" or "+")
        {
            throw new RpcException(
                RpcStatusCode.FailedPrecondition,
                $"the server listens on {listen} and registers in {options.Registry}: set advertisedAddress to the address clients should call, e.g. tcp://10.0.0.5:{listen.GetHostAndPort().Port}");
        }
    }

    /// <summary>The options' metadata, plus the well-known keys: tags, weight and start time.</summary>
    public static Dictionary<string, string> MetadataOf(ServerOptions options, long startedAtUnixMs)
    {
        var metadata = new Dictionary<string, string>(options.Metadata, StringComparer.Ordinal);
        if (options.Tags.Count > 0)
        {
            metadata[InstanceMetadataKeys.Tags] = InstanceTags.Format(options.Tags);
        }

        if (options.Weight is { } weight)
        {
            metadata[InstanceMetadataKeys.Weight] = weight.ToString(CultureInfo.InvariantCulture);
        }

        metadata[InstanceMetadataKeys.StartTime] = startedAtUnixMs.ToString(CultureInfo.InvariantCulture);
        return metadata;
    }
}
