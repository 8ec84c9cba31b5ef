using Microsoft.Extensions.Logging;
using PlugRpc.Discovery;
using PlugRpc.Options;
using PlugRpc.Transport;

namespace PlugRpc.Client;

/// <summary>
/// go-rpc's heartbeat: every interval each instance of the view gets a heartbeat frame on its pooled connection
/// (dialled if it has none). More than the degrade threshold of failures in a row mark the instance degraded; one
/// success restores it. A connection that has sent nothing back for the heartbeat timeout is closed, so its calls
/// fail at once instead of hanging on a half-open TCP connection. Heartbeats pass no filter.
/// </summary>
internal sealed class HeartbeatMonitor : IAsyncDisposable
{
    private readonly IInstanceSource source;
    private readonly ConnectionPool pool;
    private readonly ClientOptions options;
    private readonly ILogger logger;
    private readonly CancellationTokenSource stopping = new();
    private readonly Task loop;
    private readonly HashSet<InstanceState> busy = [];

    public HeartbeatMonitor(IInstanceSource source, ConnectionPool pool, ClientOptions options, ILogger logger)
    {
        this.source = source;
        this.pool = pool;
        this.options = options;
        this.logger = logger;
        loop = RunAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        await loop.ConfigureAwait(false);
        stopping.Dispose();
    }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(options.HeartbeatInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping.Token).ConfigureAwait(false))
            {
                foreach (var instance in source.Current.Instances)
                {
                    lock (busy)
                    {
                        if (!busy.Add(instance))
                        {
                            continue;
                        }
                    }

                    _ = BeatAsync(instance);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task BeatAsync(InstanceState instance)
    {
        try
        {
            var address = RpcAddress.Parse(instance.Address);
            if (!pool.TryGetReady(address, out var connection))
            {
                if (!source.Current.Instances.Contains(instance))
                {
                    // It left the view since this round began: dialling it would leave a connection nobody retires.
                    return;
                }

                connection = await pool.GetAsync(address, instance, stopping.Token).ConfigureAwait(false);
            }

            CloseIfSilent(connection);
            await connection.PingAsync(options.HeartbeatInterval, stopping.Token).ConfigureAwait(false);
            if (instance.Degraded)
            {
                logger.LogInformation("heartbeat from {Address} answered again: no longer degraded", instance.Address);
            }

            instance.HeartbeatSucceeded();
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            if (instance.HeartbeatFailed(options.HeartbeatDegradeThreshold))
            {
                logger.LogWarning(
                    "{Address} degraded after {Failures} heartbeat failures in a row (last: {Reason}); calls go elsewhere until it answers",
                    instance.Address,
                    instance.HeartbeatFailures,
                    ex.Message);
            }
            else
            {
                logger.LogDebug("heartbeat to {Address} failed: {Reason}", instance.Address, ex.Message);
            }
        }
        finally
        {
            lock (busy)
            {
                busy.Remove(instance);
            }
        }
    }

    private void CloseIfSilent(ClientConnection connection)
    {
        var silentMs = Environment.TickCount64 - connection.LastFrameAt;
        var timeout = options.EffectiveHeartbeatTimeout;
        if (silentMs > timeout.TotalMilliseconds && connection.PendingCount > 0)
        {
            logger.LogWarning("{Address} sent nothing for {Silent} ms: closing its connection, its calls fail now", connection.Address, silentMs);
            connection.Abort($"no frame from {connection.Address} within the heartbeat timeout of {timeout.TotalMilliseconds:0} ms");
        }
    }
}
