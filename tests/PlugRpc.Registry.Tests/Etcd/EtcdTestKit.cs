using PlugRpc.Discovery;
using PlugRpc.Registry.Etcd;

namespace PlugRpc.Registry.Tests.Etcd;

/// <summary>What the etcd tests share: a root of each test's own, registrations, the TTL the fixtures' URLs set.</summary>
internal static class EtcdTestKit
{
    /// <summary>The lease TTL of the fixtures' URLs.</summary>
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(2);

    /// <summary>A bound for waits that should take milliseconds.</summary>
    public static readonly TimeSpan Soon = TimeSpan.FromSeconds(5);

    public static string NewRoot() => "t" + Guid.NewGuid().ToString("N")[..10];

    public static EtcdRegistry Open(string url) => new(RegistryAddress.Parse(url));

    public static ServiceRegistration Registration(string appKey, int port, IReadOnlyDictionary<string, string>? metadata = null) =>
        new(appKey, new ServiceInstance($"tcp://127.0.0.1:{port}", metadata ?? ServiceInstance.EmptyMetadata));

    /// <summary>The key etcd holds an instance under, as go-rpc lays it out.</summary>
    public static string KeyOf(string root, ServiceRegistration registration) =>
        $"/{root}/{registration.AppKey}/tcp@{registration.Instance.Address["tcp://".Length..]}";

    public static IReadOnlyList<string> Addresses(RegistryListing listing) =>
        listing.Instances.Select(i => i.Address).Order(StringComparer.Ordinal).ToList();

    /// <summary>Holds <paramref name="registration"/> once (no retries), completing the returned task when it is in place.</summary>
    public static (Task Holding, Task Registered) Hold(IRegistry registry, ServiceRegistration registration, CancellationToken cancellationToken)
    {
        var registered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holding = registry.HoldAsync(registration, () => registered.TrySetResult(), cancellationToken);
        return (holding, registered.Task.WaitAsync(Soon, cancellationToken));
    }
}
