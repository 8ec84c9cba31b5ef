using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using PlugRpc.Components;
using PlugRpc.Connections;
using PlugRpc.Diagnostics;
using PlugRpc.Discovery;
using PlugRpc.Dispatch;
using PlugRpc.Filters;
using PlugRpc.Options;
using PlugRpc.Protocol;
using PlugRpc.Services;
using PlugRpc.Transport;

namespace PlugRpc.Server;

/// <summary>
/// Hosts services on one or more addresses, registering each in the options' registry once it listens. Add
/// services, then listen; <see cref="StopAsync"/> shuts down gracefully: it deregisters and keeps serving for
/// deregisterDelay while clients' views drop it, then stops accepting, answers new calls with a shutting-down
/// error, waits up to ShutdownWait for the calls in flight, and closes. Every server answers the Health service
/// (<see cref="RpcHealth"/>): NotServing from the moment it begins to stop. It also serves in-process JSON calls
/// (<see cref="ILocalCalls"/>) through the same filters once it listens.
/// </summary>
public sealed class RpcServer : IAsyncDisposable, ILocalCalls
{
    private readonly ServerOptions options;
    private readonly RpcComponents components;
    private readonly IFrameProtocol protocol;
    private readonly FrameLimits limits;
    private readonly ServiceCatalog catalog = new();
    private readonly RequestDispatcher dispatcher;
    private readonly LocalJsonCalls localCalls;
    private readonly InFlightCounter inFlight = new();
    private readonly ConcurrentDictionary<ServerConnection, byte> connections = new();
    private readonly List<(ITransportListener Listener, Task AcceptLoop)> listeners = [];
    private readonly CancellationTokenSource stopping = new();
    private readonly ILogger logger;
    private readonly IRegistry? registry;
    private readonly List<RegistrationKeeper> registrations = [];
    private readonly ConcurrentDictionary<string, ServingStatus> servingStatuses = new(StringComparer.Ordinal);
    private readonly long startedAtUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    private int stopped;
    private volatile bool listening;
    private Task? idleSweep;

    public RpcServer(ServerOptions options, RpcComponents components, IReadOnlyList<IServerFilter> filters, ILoggerFactory loggerFactory)
        : this(options, components, filters, null, loggerFactory)
    {
    }

    /// <param name="registry">Where to register each address listened on (options' registry), or null.</param>
    public RpcServer(ServerOptions options, RpcComponents components, IReadOnlyList<IServerFilter> filters, IRegistry? registry, ILoggerFactory loggerFactory)
    {
        options.Validate();
        this.options = options;
        this.registry = registry;
        this.components = components;
        logger = loggerFactory.CreateLogger<RpcServer>();
        protocol = components.Protocols.Get(options.Protocol);
        limits = options.ToFrameLimits();
        dispatcher = new RequestDispatcher(catalog, components.CodecSet, filters, limits, options.CompressThreshold, logger);
        localCalls = new LocalJsonCalls(catalog, components.CodecSet, dispatcher, inFlight, logger);
        LiveApps.Add(this, new ServerOverviewReader(this, options));
    }

    public IReadOnlyList<RpcAddress> ListenAddresses => listeners.Select(l => l.Listener.LocalAddress).ToList();

    public IEnumerable<string> ServiceNames => catalog.ServiceNames;

    public int ConnectionCount => connections.Count;

    /// <summary>The server's registrations in its registry, one per address it announces.</summary>
    public IReadOnlyList<IRegistration> Registrations => registrations;

    /// <summary>Whether the server has begun to stop (deregistering, finishing its calls, or stopped): it takes no new work.</summary>
    public bool Draining => Volatile.Read(ref stopped) != 0;

    /// <summary>
    /// What the Health service answers for <paramref name="service"/> (empty: the whole server) while the server is
    /// not draining, e.g. NotServing while a dependency of that service is down. The service need not be hosted here.
    /// </summary>
    public void SetServingStatus(string service, ServingStatus status) => servingStatuses[service] = status;

    /// <summary>
    /// What the Health service answers for <paramref name="service"/>: NotServing once draining; else the status
    /// set for it; else Serving for the whole server (empty name) and each service hosted; null for a service unknown.
    /// </summary>
    public ServingStatus? ServingStatusOf(string service)
    {
        if (!servingStatuses.TryGetValue(service, out var status))
        {
            if (service.Length > 0 && !catalog.Contains(service))
            {
                return null;
            }

            status = ServingStatus.Serving;
        }

        return Draining ? ServingStatus.NotServing : status;
    }

    /// <summary>Hosts <paramref name="service"/> under its [RpcService] name, class name, or <paramref name="name"/>.</summary>
    public string AddService(object service, string? name = null)
    {
        if (listeners.Count > 0)
        {
            throw new InvalidOperationException("add services before the server starts listening");
        }

        return catalog.Add(service, name);
    }

    /// <summary>Starts accepting on <paramref name="address"/> and returns the address actually bound.</summary>
    public async Task<RpcAddress> ListenAsync(string address, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref stopped) != 0, this);
        var parsed = RpcAddress.Parse(address);
        RegistrationAddresses.Check(options, parsed);
        if (!catalog.Contains(RpcHealth.ServiceName))
        {
            catalog.Add(new HealthService(this), RpcHealth.ServiceName);
        }

        var listener = await components.Transports.For(parsed).ListenAsync(parsed, cancellationToken).ConfigureAwait(false);
        listeners.Add((listener, Task.Run(() => AcceptLoopAsync(listener))));
        listening = true;
        idleSweep ??= options.IdleTimeout > TimeSpan.Zero ? Task.Run(SweepIdleConnectionsAsync) : Task.CompletedTask;
        logger.LogInformation("serving {Services} on {Address}", string.Join(", ", catalog.ServiceNames), listener.LocalAddress);
        Register(listener.LocalAddress);
        return listener.LocalAddress;
    }

    /// <summary>Whether the server hosts <paramref name="serviceName"/> and takes calls now (listening, not shutting down).</summary>
    public bool Serves(string serviceName) => listening && localCalls.Serves(serviceName);

    /// <summary>Serves a JSON call in-process, through the server's filters; see <see cref="ILocalCalls"/>.</summary>
    public Task<JsonReply> CallJsonAsync(JsonCall call, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        return listening
            ? localCalls.CallAsync(call, cancellationToken)
            : Task.FromException<JsonReply>(new RpcException(RpcStatusCode.Unavailable, "the server is not listening yet"));
    }

    /// <summary>Graceful shutdown; see the class summary. Cancelling the token cuts the wait short.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref stopped, 1) != 0)
        {
            return;
        }

        await DeregisterAsync(cancellationToken).ConfigureAwait(false);
        dispatcher.ShuttingDown = true;
        stopping.Cancel();
        foreach (var (listener, acceptLoop) in listeners)
        {
            await listener.DisposeAsync().ConfigureAwait(false);
            await acceptLoop.ConfigureAwait(false);
        }

        var drained = inFlight.WaitForZeroAsync(options.ShutdownWait);
        var cutShort = Task.Delay(Timeout.Infinite, cancellationToken);
        if (await Task.WhenAny(drained, cutShort).ConfigureAwait(false) != drained || !await drained.ConfigureAwait(false))
        {
            logger.LogWarning("closing with {Count} calls still in flight after waiting up to {Wait}", connections.Keys.Sum(c => c.CallsInFlight), options.ShutdownWait);
        }

        await Task.WhenAll(connections.Keys.Select(c => c.Frames.CloseAsync(TimeSpan.FromSeconds(1)))).ConfigureAwait(false);
        logger.LogInformation("server stopped");
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(new CancellationToken(canceled: true)).ConfigureAwait(false);
        LiveApps.Remove(this);
        stopping.Dispose();
    }

    private void Register(RpcAddress bound)
    {
        if (registry is null || (options.AdvertisedAddress is not null && registrations.Count > 0))
        {
            return;
        }

        var instance = new ServiceInstance(options.AdvertisedAddress ?? bound.ToString(), RegistrationAddresses.MetadataOf(options, startedAtUnixMs));
        registrations.Add(new RegistrationKeeper(registry, new ServiceRegistration(options.AppKey!, instance), logger));
    }

    /// <summary>The first step of a graceful shutdown: leave the registry, then keep serving for deregisterDelay while clients' views drop this server.</summary>
    private async Task DeregisterAsync(CancellationToken cancellationToken)
    {
        if (registrations.Count == 0)
        {
            return;
        }

        // Clients can only list a registration that was ever in place; without one there is nothing to wait for.
        var seen = registrations.Any(r => r.Registered.IsCompletedSuccessfully);
        await Task.WhenAll(registrations.Select(r => r.DisposeAsync().AsTask())).ConfigureAwait(false);
        if (!seen)
        {
            return;
        }

        try
        {
            await Task.Delay(options.DeregisterDelay, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Cut short: go on with the shutdown.
        }
    }

    private async Task SweepIdleConnectionsAsync()
    {
        var idleMs = (long)options.IdleTimeout.TotalMilliseconds;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(Math.Clamp(idleMs / 4, 10, 30_000)));
        try
        {
            while (await timer.WaitForNextTickAsync(stopping.Token).ConfigureAwait(false))
            {
                var now = Environment.TickCount64;
                foreach (var connection in connections.Keys)
                {
                    if (connection.CallsInFlight == 0 && now - connection.Frames.LastActivity > idleMs)
                    {
                        logger.LogInformation("closing connection with {RemoteEndPoint}: idle for more than {IdleTimeout}", connection.Frames.RemoteEndPoint, options.IdleTimeout);
                        connection.Frames.Abort();
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task AcceptLoopAsync(ITransportListener listener)
    {
        while (!stopping.IsCancellationRequested)
        {
            ITransportConnection accepted;
            try
            {
                accepted = await listener.AcceptAsync(stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex) when (ex is RpcException or IOException or System.Net.Sockets.SocketException or ObjectDisposedException)
            {
                if (stopping.IsCancellationRequested)
                {
                    return;
                }

                logger.LogWarning("accepting on {Address} failed: {Reason}", listener.LocalAddress, ex.Message);
                continue;
            }

            var frames = new FrameConnection(accepted, protocol, limits, logger);
            var connection = new ServerConnection(frames, dispatcher, inFlight, options.MaxConcurrentCallsPerConnection, logger, c => connections.TryRemove(c, out _));
            connections.TryAdd(connection, 0);
            _ = connection.RunAsync();
        }
    }
}
