namespace PlugRpc.Discovery;

/// <summary>What a server announces: the instance (its address, e.g. tcp://10.0.0.5:7000, and metadata) under an app key.</summary>
public sealed record ServiceRegistration(string AppKey, ServiceInstance Instance)
{
    public override string ToString() => $"{Instance.Address} under app key '{AppKey}'";
}
