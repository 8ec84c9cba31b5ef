namespace PlugRpc.Registry.Tests.Etcd;

/// <summary>A three-member etcd cluster (members started 100 ms apart), for a leader to be killed.</summary>
public sealed class EtcdCluster : EtcdMembers
{
    public EtcdCluster()
        : base(3)
    {
    }
}
