using System.Diagnostics;
using Etcdserverpb;
using Grpc.Core;
using PlugRpc.Discovery;

namespace PlugRpc.Registry.Etcd;

using RpcException = Grpc.Core.RpcException;
using Metadata = Grpc.Core.Metadata;

/// <summary>
/// Keeps one lease alive, a keep-alive every third of its TTL on one stream (opened again when it breaks, tried
/// again sooner after a failure), until cancelled; throws "etcd lease … lost" when etcd answers that the lease is
/// gone (TTL 0: expired or revoked) or no keep-alive was answered for a whole TTL.
/// </summary>
internal sealed class EtcdLeaseKeeper(EtcdSettings settings, Lease.LeaseClient leases)
{
    private static readonly Metadata RequireLeader = new() { { "hasleader", "true" } };
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(50);

    /// <param name="ttl">The TTL etcd granted.</param>
    /// <param name="grantedAt">When the lease was granted (a <see cref="Stopwatch"/> timestamp): its TTL runs from then.</param>
    /// <param name="subject">What the lease holds, for messages.</param>
    /// <exception cref="RegistryException">The lease is lost.</exception>
    /// <exception cref="OperationCanceledException">Cancelled: the lease is left as it is.</exception>
    public async Task KeepAsync(long leaseId, TimeSpan ttl, long grantedAt, string subject, CancellationToken cancellationToken)
    {
        var interval = ttl / 3;
        var lastAlive = grantedAt;
        var retry = FirstRetry;
        string? problem = null;
        AsyncDuplexStreamingCall<LeaseKeepAliveRequest, LeaseKeepAliveResponse>? stream = null;
        try
        {
            var first = interval - Stopwatch.GetElapsedTime(grantedAt);
            if (first > TimeSpan.Zero)
            {
                await Task.Delay(first, cancellationToken).ConfigureAwait(false);
            }

            while (true)
            {
                TimeSpan wait;
                var sent = Stopwatch.GetTimestamp();
                try
                {
                    stream ??= leases.LeaseKeepAlive(RequireLeader, deadline: null, cancellationToken);
                    var remaining = await KeepAliveOnceAsync(stream, leaseId, cancellationToken).ConfigureAwait(false);
                    if (remaining <= 0)
                    {
                        throw Lost(leaseId, subject, "etcd no longer has it (it expired or was revoked)");
                    }

                    lastAlive = sent;
                    problem = null;
                    retry = FirstRetry;
                    wait = interval;
                }
                catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
                {
                    throw new OperationCanceledException(cancellationToken);
                }
                catch (Exception ex) when (ex is RpcException or IOException or TimeoutException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
                {
                    problem = ex is RpcException rpc ? EtcdErrors.Describe(rpc) : ex.Message;
                    stream?.Dispose();
                    stream = null;
                    wait = retry;
                    retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, interval.Ticks));
                }

                var silent = Stopwatch.GetElapsedTime(lastAlive);
                if (silent >= ttl)
                {
                    throw Lost(leaseId, subject, $"no keep-alive was answered for {ttl.TotalSeconds:0.#}s (etcd at {settings.EndpointList}: {problem})");
                }

                var untilLapse = ttl - silent;
                await Task.Delay(wait < untilLapse ? wait : untilLapse, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            stream?.Dispose();
        }
    }

    private static RegistryException Lost(long leaseId, string subject, string why) =>
        new($"etcd lease {leaseId:x} for {subject} lost: {why}");

    /// <returns>The TTL etcd answered; 0 or less when the lease is gone.</returns>
    private async Task<long> KeepAliveOnceAsync(
        AsyncDuplexStreamingCall<LeaseKeepAliveRequest, LeaseKeepAliveResponse> stream, long leaseId, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(settings.AttemptTimeout);
        try
        {
            await stream.RequestStream.WriteAsync(new LeaseKeepAliveRequest { ID = leaseId }, attempt.Token).ConfigureAwait(false);
            if (!await stream.ResponseStream.MoveNext(attempt.Token).ConfigureAwait(false))
            {
                throw new IOException("the keep-alive stream ended");
            }
        }
        catch (Exception ex) when (ex is RpcException or OperationCanceledException && attempt.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no keep-alive answer within {settings.AttemptTimeout.TotalMilliseconds:0}ms", ex);
        }

        return stream.ResponseStream.Current.TTL;
    }
}
