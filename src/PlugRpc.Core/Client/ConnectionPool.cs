using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using PlugRpc.Components;
using PlugRpc.Connections;
using PlugRpc.Protocol;
using PlugRpc.Transport;

namespace PlugRpc.Client;

/// <summary>
/// One connection per server address, dialled on first use and dialled again on the first use after it dropped.
/// A failed dial is not cached: the next call tries again.
/// </summary>
internal sealed class ConnectionPool : IAsyncDisposable
{
    private readonly ConcurrentDictionary<RpcAddress, Task<ClientConnection>> connections = new();
    private readonly RpcComponents components;
    private readonly IFrameProtocol protocol;
    private readonly ClientWireSettings wire;
    private readonly TimeSpan dialTimeout;
    private readonly ILogger logger;
    private int disposed;

    public ConnectionPool(RpcComponents components, IFrameProtocol protocol, ClientWireSettings wire, TimeSpan dialTimeout, ILogger logger)
    {
        this.components = components;
        this.protocol = protocol;
        this.wire = wire;
        this.dialTimeout = dialTimeout;
        this.logger = logger;
    }

    /// <summary>The open connection to <paramref name="address"/>, when there is one (the common case, without waiting).</summary>
    public bool TryGetReady(RpcAddress address, out ClientConnection connection)
    {
        if (connections.TryGetValue(address, out var dial) && dial.IsCompletedSuccessfully && !dial.Result.IsClosed)
        {
            connection = dial.Result;
            return true;
        }

        connection = null!;
        return false;
    }

    /// <summary>The connection to <paramref name="address"/>, dialled if need be; <paramref name="instance"/> learns it is connected.</summary>
    public async ValueTask<ClientConnection> GetAsync(RpcAddress address, Discovery.InstanceState? instance, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        for (var dials = 1; ; dials++)
        {
            var dial = connections.GetOrAdd(address, DialAsync);
            ClientConnection connection;
            try
            {
                connection = await dial.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (RpcException)
            {
                connections.TryRemove(new KeyValuePair<RpcAddress, Task<ClientConnection>>(address, dial));
                throw;
            }

            if (!connection.IsClosed)
            {
                if (instance is not null && connection.Instance is null)
                {
                    connection.Instance = instance;
                    instance.Connected = !connection.IsClosed;
                }

                return connection;
            }

            connections.TryRemove(new KeyValuePair<RpcAddress, Task<ClientConnection>>(address, dial));
            if (dials == 2)
            {
                // The first may have dropped long ago; a second closing as well is a server closing what it accepts.
                throw new RpcException(RpcStatusCode.Unavailable, $"connection to {address} closed as soon as it opened");
            }

            logger.LogDebug("connection to {Address} had dropped; dialling again", address);
        }
    }

    /// <summary>
    /// An instance left the view: its connection takes no new calls from the pool and closes once its calls in
    /// flight are done (or after <paramref name="drainLimit"/>, failing what is left).
    /// </summary>
    public void Retire(RpcAddress address, TimeSpan drainLimit)
    {
        if (connections.TryRemove(address, out var dial))
        {
            _ = CloseWhenDrainedAsync(address, dial, drainLimit);
        }
    }

    /// <summary>The calls waiting on the connection to <paramref name="address"/>, for diagnostics and tests.</summary>
    public int PendingCount(RpcAddress address) =>
        connections.TryGetValue(address, out var dial) && dial.IsCompletedSuccessfully ? dial.Result.PendingCount : 0;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        foreach (var dial in connections.Values)
        {
            if (dial.IsCompletedSuccessfully)
            {
                await dial.Result.DisposeAsync().ConfigureAwait(false);
            }
        }

        connections.Clear();
    }

    private async Task CloseWhenDrainedAsync(RpcAddress address, Task<ClientConnection> dial, TimeSpan drainLimit)
    {
        ClientConnection connection;
        try
        {
            connection = await dial.ConfigureAwait(false);
        }
        catch (Exception)
        {
            return;
        }

        var until = Environment.TickCount64 + (long)drainLimit.TotalMilliseconds;
        while (connection.PendingCount > 0 && !connection.IsClosed && Environment.TickCount64 < until)
        {
            await Task.Delay(50).ConfigureAwait(false);
        }

        logger.LogDebug("closing the connection to {Address}: it left the instance list", address);
        await connection.DisposeAsync().ConfigureAwait(false);
    }

    private async Task<ClientConnection> DialAsync(RpcAddress address)
    {
        var transport = components.Transports.For(address);
        using var timeout = new CancellationTokenSource(dialTimeout);
        ITransportConnection opened;
        try
        {
            opened = await transport.ConnectAsync(address, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new RpcException(RpcStatusCode.Unavailable, $"cannot connect to {address}: no answer within the dial timeout of {dialTimeout.TotalMilliseconds:0} ms");
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw new RpcException(RpcStatusCode.Unavailable, $"cannot connect to {address}: {ex.Message}", ex);
        }

        logger.LogDebug("connected to {Address}", address);
        var frames = new FrameConnection(opened, protocol, wire.Limits, logger, corkWhileReading: false);
        return new ClientConnection(address, frames, components.CodecSet, wire, logger);
    }
}
