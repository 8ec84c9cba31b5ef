namespace PlugRpc.Registry.Tests.Etcd;

/// <summary>A single etcd server, as most tests need.</summary>
public sealed class EtcdServer : EtcdMembers
{
    public EtcdServer()
        : base(1)
    {
    }
}
