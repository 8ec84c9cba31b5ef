using System.Collections.Concurrent;
using System.Diagnostics;
using dotnet_etcd;
using Etcdserverpb;
using Google.Protobuf;
using Grpc.Core;
using PlugRpc.Discovery;

namespace PlugRpc.Registry.Etcd;

using RpcException = Grpc.Core.RpcException;

/// <summary>
/// A registry in etcd v3 (etcd://h1:2379,h2:2379/prefix?ttl=10s): one key per instance, put on a lease that
/// <see cref="HoldAsync"/> keeps alive, so a server that dies leaves within the TTL; clients list a prefix and
/// wait on a watch from the listing's revision. One etcd client (one gRPC channel over every endpoint) per object,
/// shared by the process's clients and servers.
/// </summary>
public sealed class EtcdRegistry : IRegistry
{
    private readonly EtcdClient client;
    private readonly EtcdCalls calls;
    private readonly EtcdChangeWatch watch;
    private readonly EtcdLeaseKeeper keeper;
    private readonly CancellationTokenSource closing = new();
    private readonly ConcurrentDictionary<string, long> leases = new(StringComparer.Ordinal);

    /// <exception cref="FormatException">The URL does not suit etcd; one line saying why.</exception>
    public EtcdRegistry(RegistryAddress address)
    {
        Address = address;
        Settings = EtcdSettings.Parse(address);
        client = new EtcdClient(Settings.ConnectionString, configureChannelOptions: options =>
        {
            // The plugin retries with a deadline per attempt itself; gRPC's own retries would only hide the failures.
            options.ServiceConfig?.MethodConfigs.Clear();
            options.ServiceConfig?.RetryThrottling = null;

            // A deadline hit is a status (DeadlineExceeded, tried again), not an OperationCanceledException that
            // would look like the caller's cancellation.
            options.ThrowOperationCanceledOnCancellation = false;
        });
        calls = new EtcdCalls(Settings);
        var connection = client.GetConnection();
        watch = new EtcdChangeWatch(Settings, connection.WatchClient);
        keeper = new EtcdLeaseKeeper(Settings, connection.LeaseClient);
    }

    public RegistryAddress Address { get; }

    public EtcdSettings Settings { get; }

    public async Task<RegistryListing> ListAsync(string appKey, RegistryListing? after, CancellationToken cancellationToken)
    {
        var prefix = EtcdKeys.AppPrefix(Settings, appKey);
        using var linked = Link(cancellationToken);
        try
        {
            if (after is { Version: > 0 })
            {
                await watch.WaitAsync(prefix, after.Version, linked.Token).ConfigureAwait(false);
            }

            var key = ByteString.CopyFromUtf8(prefix);
            var request = new RangeRequest { Key = key, RangeEnd = EtcdKeys.RangeEnd(key) };
            var response = await calls.RunAsync(
                $"listing {prefix}",
                (deadline, token) => client.GetAsync(request, deadline: deadline, cancellationToken: token),
                linked.Token).ConfigureAwait(false);
            return EtcdListingReader.Read(prefix, response);
        }
        catch (OperationCanceledException) when (closing.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw Closed();
        }
    }

    public async Task HoldAsync(ServiceRegistration registration, Action registered, CancellationToken cancellationToken)
    {
        var key = EtcdKeys.InstanceKey(Settings, registration);
        using var linked = Link(cancellationToken);
        try
        {
            var grantedAt = Stopwatch.GetTimestamp();
            var granted = await calls.RunAsync(
                $"granting a lease for {key}",
                (deadline, token) => client.LeaseGrantAsync(new LeaseGrantRequest { TTL = (long)Settings.LeaseTtl.TotalSeconds }, deadline: deadline, cancellationToken: token),
                linked.Token).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(granted.Error))
            {
                throw new RegistryException($"etcd at {Settings.EndpointList} refused a lease for {key}: {granted.Error}");
            }

            var previous = leases.TryGetValue(key, out var old) ? old : (long?)null;
            leases[key] = granted.ID;
            var put = new PutRequest
            {
                Key = ByteString.CopyFromUtf8(key),
                Value = ByteString.CopyFrom(InstanceMetadataJson.Write(registration.Instance.Metadata)),
                Lease = granted.ID,
            };
            await calls.RunAsync($"putting {key}", (deadline, token) => client.PutAsync(put, deadline: deadline, cancellationToken: token), linked.Token).ConfigureAwait(false);
            if (previous is { } stale)
            {
                _ = RevokeQuietlyAsync(stale);
            }

            registered();
            await keeper.KeepAsync(granted.ID, TimeSpan.FromSeconds(granted.TTL), grantedAt, key, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (OperationCanceledException) when (closing.IsCancellationRequested)
        {
            throw Closed();
        }
    }

    public async Task RemoveAsync(ServiceRegistration registration, CancellationToken cancellationToken)
    {
        var key = EtcdKeys.InstanceKey(Settings, registration);
        using var linked = Link(cancellationToken);
        try
        {
            if (leases.TryRemove(key, out var lease))
            {
                await RevokeAsync(lease, key, linked.Token).ConfigureAwait(false);
                return;
            }

            var delete = new DeleteRangeRequest { Key = ByteString.CopyFromUtf8(key) };
            await calls.RunAsync($"deleting {key}", (deadline, token) => client.DeleteAsync(delete, deadline: deadline, cancellationToken: token), linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (closing.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw Closed();
        }
    }

    public ValueTask DisposeAsync()
    {
        if (!closing.IsCancellationRequested)
        {
            closing.Cancel();
            client.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private async Task RevokeAsync(long lease, string key, CancellationToken cancellationToken)
    {
        try
        {
            await calls.RunAsync(
                $"revoking the lease of {key}",
                (deadline, token) => client.LeaseRevokeAsync(new LeaseRevokeRequest { ID = lease }, deadline: deadline, cancellationToken: token),
                cancellationToken).ConfigureAwait(false);
        }
        catch (RegistryException ex) when (ex.InnerException is RpcException { StatusCode: StatusCode.NotFound })
        {
            // Expired or revoked already: its key went with it.
        }
    }

    /// <summary>Revokes a lease a new one replaced, so it does not linger until its TTL; failing is harmless.</summary>
    private async Task RevokeQuietlyAsync(long lease)
    {
        try
        {
            await client.LeaseRevokeAsync(new LeaseRevokeRequest { ID = lease }, deadline: DateTime.UtcNow + Settings.AttemptTimeout, cancellationToken: closing.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RpcException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private CancellationTokenSource Link(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(closing.IsCancellationRequested, this);
        return CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, closing.Token);
    }

    private ObjectDisposedException Closed() => new(nameof(EtcdRegistry), $"the etcd registry {Address} is closed");
}
