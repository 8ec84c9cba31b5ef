using PlugRpc.Discovery;
using PlugRpc.Options;

namespace PlugRpc.Client;

/// <summary>Direct addressing: the servers named in the client's options, one view for the client's lifetime.</summary>
internal sealed class StaticInstanceSource : IInstanceSource
{
    public StaticInstanceSource(ClientOptions options, InstanceTable table)
    {
        var instances = new List<InstanceState>();
        foreach (var address in options.Addresses)
        {
            instances.Add(table.Track(new ServiceInstance(address)));
        }

        foreach (var configured in options.Instances)
        {
            instances.Add(table.Track(new ServiceInstance(configured.Address, MetadataOf(configured))));
        }

        Current = new InstanceView(instances, 1);
    }

    public InstanceView Current { get; }

    public Task Listed => Task.CompletedTask;

    public DiscoveryStatus Status => DiscoveryStatus.Fixed;

    public string NoInstancesReason => "the client has no instances";

    private static Dictionary<string, string> MetadataOf(InstanceOptions configured)
    {
        var metadata = new Dictionary<string, string>(configured.Metadata, StringComparer.Ordinal);
        if (configured.Weight is { } weight)
        {
            metadata[InstanceMetadataKeys.Weight] = weight.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (configured.Tags.Count > 0)
        {
            metadata[InstanceMetadataKeys.Tags] = InstanceTags.Format(configured.Tags);
        }

        return metadata;
    }
}
