using System.Diagnostics;
using Etcdserverpb;
using Google.Protobuf;
using Grpc.Core;

namespace PlugRpc.Registry.Etcd;

using RpcException = Grpc.Core.RpcException;
using Metadata = Grpc.Core.Metadata;

/// <summary>
/// Waits until the keys under a prefix may have changed after a revision: an etcd watch from the revision after
/// it, so nothing between the listing and the watch is missed. It returns on the first event, when that revision
/// is compacted away or etcd's revision went back (a new cluster: list again), or when the watch window passes;
/// a broken watch is opened again from the same revision until etcd has been unreachable too long.
/// </summary>
internal sealed class EtcdChangeWatch(EtcdSettings settings, Watch.WatchClient watches)
{
    /// <summary>Ask the member to end the watch when it loses its leader (etcd's "require leader"), so a cut-off member cannot hide changes.</summary>
    private static readonly Metadata RequireLeader = new() { { "hasleader", "true" } };

    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan LongestBackoff = TimeSpan.FromMilliseconds(400);

    /// <exception cref="Discovery.RegistryException">etcd unreachable for too long, or the watch refused.</exception>
    public async Task WaitAsync(string prefix, long afterRevision, CancellationToken cancellationToken)
    {
        using var window = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        window.CancelAfter(settings.WatchWindow);
        var what = $"watching {prefix}";
        var key = ByteString.CopyFromUtf8(prefix);
        var create = new WatchRequest
        {
            CreateRequest = new WatchCreateRequest { Key = key, RangeEnd = EtcdKeys.RangeEnd(key), StartRevision = afterRevision + 1 },
        };
        var backoff = FirstBackoff;
        long? failingSince = null;
        while (true)
        {
            string problem;
            Exception? failure = null;
            try
            {
                var outcome = await WatchOnceAsync(create, afterRevision, () => failingSince = null, window.Token).ConfigureAwait(false);
                if (outcome is null)
                {
                    return;
                }

                problem = outcome;
            }
            catch (OperationCanceledException) when (window.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && window.IsCancellationRequested)
            {
                cancellationToken.ThrowIfCancellationRequested();
                return;
            }
            catch (RpcException ex) when (EtcdErrors.IsTransient(ex))
            {
                problem = EtcdErrors.Describe(ex);
                failure = ex;
            }
            catch (RpcException ex)
            {
                throw EtcdErrors.Refused(settings, what, ex);
            }

            failingSince ??= Stopwatch.GetTimestamp();
            if (Stopwatch.GetElapsedTime(failingSince.Value) + backoff >= settings.UnreachableAfter)
            {
                throw EtcdErrors.Unreachable(settings, what, problem, failure);
            }

            try
            {
                await Task.Delay(backoff, window.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return;
            }

            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, LongestBackoff.Ticks));
        }
    }

    /// <returns>Null when the keys may have changed (list again); else why the watch broke (watch again).</returns>
    private async Task<string?> WatchOnceAsync(WatchRequest create, long afterRevision, Action created, CancellationToken cancellationToken)
    {
        using var call = watches.Watch(RequireLeader, deadline: null, cancellationToken);
        await call.RequestStream.WriteAsync(create, cancellationToken).ConfigureAwait(false);
        using (var creating = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            creating.CancelAfter(settings.AttemptTimeout * 2);
            try
            {
                if (!await call.ResponseStream.MoveNext(creating.Token).ConfigureAwait(false))
                {
                    return "the watch ended before etcd created it";
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or RpcException && creating.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return $"etcd did not create the watch within {settings.AttemptTimeout * 2}";
            }
        }

        var first = call.ResponseStream.Current;
        if (first.CompactRevision > 0 || first.Events.Count > 0 || first.Header?.Revision < afterRevision)
        {
            return null;
        }

        if (first.Canceled)
        {
            return "etcd cancelled the watch: " + first.CancelReason;
        }

        created();
        while (await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            var response = call.ResponseStream.Current;
            if (response.CompactRevision > 0 || response.Events.Count > 0)
            {
                return null;
            }

            if (response.Canceled)
            {
                return "etcd cancelled the watch: " + response.CancelReason;
            }
        }

        return "the watch stream ended";
    }
}
