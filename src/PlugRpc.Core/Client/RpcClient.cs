using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using PlugRpc.Components;
using PlugRpc.Diagnostics;
using PlugRpc.Discovery;
using PlugRpc.Dispatch;
using PlugRpc.Filters;
using PlugRpc.Options;
using PlugRpc.Transport;

namespace PlugRpc.Client;

/// <summary>Calls services over long-lived multiplexed connections, through the client filter chain.</summary>
public sealed class RpcClient : IRpcClient, IAsyncDisposable
{
    private readonly ClientOptions options;
    private readonly ConnectionPool pool;
    private readonly ClientCallHandler pipeline;
    private readonly CallSender sender;
    private readonly bool hasFilters;
    private readonly ConcurrentDictionary<Type, object> proxies = new();
    private readonly InstanceTable instances = new();
    private readonly HeartbeatMonitor? heartbeats;
    private readonly InstancePicker picker;

    public RpcClient(
        ClientOptions options,
        RpcComponents components,
        IReadOnlyList<IClientFilter> filters,
        ISelector? selector,
        IReadOnlyList<IInstanceFilter> instanceFilters,
        IRegistry? registry,
        ILoggerFactory loggerFactory)
    {
        options.Validate();
        this.options = options;
        var logger = loggerFactory.CreateLogger<RpcClient>();
        var protocol = components.Protocols.Get(options.Protocol);
        var codec = components.CodecSet.Codecs.Get(options.Codec);
        pool = new ConnectionPool(components, protocol, ClientWireSettings.From(options, codec), options.DialTimeout, logger);
        var compressor = options.Compressor is { } name ? components.CodecSet.CompressorNamed(name) : null;
        IInstanceSource source = registry is null
            ? new StaticInstanceSource(options, instances)
            : new RegistryInstanceSource(registry, options, instances, Retire, logger);
        picker = new InstancePicker(source, instanceFilters, selector);
        var observers = new List<IAttemptObserver>();
        if (selector is not null)
        {
            observers.Add(selector);
        }

        observers.AddRange(instanceFilters.OfType<IAttemptObserver>());
        var policy = AttemptPolicy.For(options, logger);
        var keepsFigures = selector is not null || observers.Count > 0 || policy is not null;
        sender = new CallSender(picker, policy, observers, pool, components.CodecSet, codec, compressor, options.AttemptTimeout, keepsFigures);
        if (options.Heartbeat)
        {
            heartbeats = new HeartbeatMonitor(picker.Source, pool, options, logger);
        }

        ClientGauges.Track(picker.Source);
        LiveApps.Add(this, new ClientOverviewReader(options, picker.Source));
        pipeline = ClientPipeline.Build(filters, sender.SendAsync);
        hasFilters = filters.Count > 0;
    }

    /// <summary>Where the client's instances come from, and whether that source is in order now.</summary>
    public DiscoveryStatus Discovery => picker.Source.Status;

    /// <summary>Why the client has no instance to call when it has none, e.g. none registered under its app key.</summary>
    public string NoInstancesReason => picker.Source.NoInstancesReason;

    /// <summary>How long a call may take unless its options say otherwise.</summary>
    public TimeSpan RequestTimeout => options.RequestTimeout;

    /// <summary>Completes once the client has a first instance list (at once with fixed addresses).</summary>
    public Task Listed => picker.Source.Listed;

    public Task<TResponse> CallAsync<TRequest, TResponse>(string serviceMethod, TRequest request, CallOptions? options = null, CancellationToken cancellationToken = default)
    {
        var (service, method) = ServiceNaming.Split(serviceMethod);
        return CallAsync<TRequest, TResponse>(service, method, request, options, cancellationToken);
    }

    public Task<TResponse> CallAsync<TRequest, TResponse>(string service, string method, TRequest request, CallOptions? options, CancellationToken cancellationToken)
    {
        options ??= CallOptions.Default;
        var metadata = options.Metadata?.Clone();
        var call = hasFilters
            ? new ClientCall<TRequest, TResponse>(service, method, request, metadata, options, cancellationToken)
            : ClientCall<TRequest, TResponse>.ForDirect(service, method, request, metadata, options, cancellationToken);
        call.Timeout = options.Timeout ?? this.options.RequestTimeout;
        if (CallTelemetry.IsOn)
        {
            CallTelemetry.Begin(call);
        }

        return hasFilters ? CallThroughFiltersAsync(call) : call.StartDirect(sender);
    }

    public ValueTask<TResponse> CallPooledAsync<TRequest, TResponse>(string serviceMethod, TRequest request, CallOptions? options = null, CancellationToken cancellationToken = default)
    {
        var (service, method) = ServiceNaming.Split(serviceMethod);
        return CallPooledAsync<TRequest, TResponse>(service, method, request, options, cancellationToken);
    }

    /// <summary>
    /// As <see cref="CallAsync{TRequest, TResponse}(string, string, TRequest, CallOptions?, CancellationToken)"/>, but
    /// the value task is the call object itself, used again for the thread's next call once its response is read: no
    /// task per call, and the response is referenced by nothing of the client's once read. Await it once, as any value
    /// task. Client filters see the same object, so they must not use a context once its call has completed.
    /// </summary>
    public ValueTask<TResponse> CallPooledAsync<TRequest, TResponse>(string service, string method, TRequest request, CallOptions? options, CancellationToken cancellationToken)
    {
        options ??= CallOptions.Default;
        var call = ClientCall<TRequest, TResponse>.ForDirect(service, method, request, options.Metadata?.Clone(), options, cancellationToken);
        call.Timeout = options.Timeout ?? this.options.RequestTimeout;
        if (CallTelemetry.IsOn)
        {
            CallTelemetry.Begin(call);
        }

        return hasFilters ? call.StartPooledThroughFilters(pipeline) : call.StartPooled(sender);
    }

    private async Task<TResponse> CallThroughFiltersAsync<TRequest, TResponse>(ClientCall<TRequest, TResponse> call)
    {
        try
        {
            await pipeline(call).ConfigureAwait(false);
        }
        catch (Exception ex) when (call.EndObservationOf(ex))
        {
        }

        call.EndObservation(null);
        return call.Response!;
    }

    public Task<JsonReply> CallJsonAsync(JsonCall call, CancellationToken cancellationToken = default) =>
        CallJsonAsync(call, types: null, cancellationToken);

    /// <summary>
    /// Calls with a request given as JSON text and returns the response as JSON text, for tools. With the method's
    /// <paramref name="types"/> the JSON becomes the typed request, so any codec can carry it; without them the codec
    /// converts the JSON itself (<see cref="Codecs.IJsonTranscoder"/>, e.g. msgpack and JSON).
    /// </summary>
    public async Task<JsonReply> CallJsonAsync(JsonCall call, ServiceMethodTypes? types, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        var options = call.Options;
        var metadata = options.Metadata?.Clone();
        var outgoing = types is null
            ? new JsonClientCall(call.ServiceName, call.MethodName, call.RequestJson, metadata, options, cancellationToken)
            : TypedJsonClientCall.Create(types, call.ServiceName, call.MethodName, call.RequestJson, metadata, options, cancellationToken);
        outgoing.Timeout = options.Timeout ?? this.options.RequestTimeout;
        await RunJsonAsync(outgoing).ConfigureAwait(false);
        return new JsonReply(((IJsonResultCall)outgoing).ResponseJson ?? "null", outgoing.ResponseMetadata)
        {
            Address = outgoing.Instance?.Address,
            Attempts = outgoing.Attempt,
        };
    }

    /// <summary>A JSON call through the filters, observed (span, metrics) when something listens.</summary>
    private async Task RunJsonAsync(OutgoingCall call)
    {
        if (CallTelemetry.IsOn)
        {
            CallTelemetry.Begin(call);
        }

        try
        {
            await pipeline(call).ConfigureAwait(false);
        }
        catch (Exception ex) when (call.EndObservationOf(ex))
        {
        }

        call.EndObservation(null);
    }

    public async Task<TimeSpan> PingAsync(string address, CancellationToken cancellationToken = default)
    {
        var parsed = RpcAddress.Parse(address);
        var connection = await pool.GetAsync(parsed, null, cancellationToken).ConfigureAwait(false);
        var started = Stopwatch.GetTimestamp();
        await connection.PingAsync(options.RequestTimeout, cancellationToken).ConfigureAwait(false);
        return Stopwatch.GetElapsedTime(started);
    }

    public TService CreateProxy<TService>()
        where TService : class =>
        (TService)proxies.GetOrAdd(typeof(TService), _ => ServiceProxy.Create<TService>(this));

    /// <summary>
    /// The instances the client may call now, each with its figures: connected and heartbeats always; calls
    /// outstanding and latency when something reads them (a selector, an instance filter that watches attempts, a
    /// fail mode other than failfast).
    /// </summary>
    public IReadOnlyList<InstanceState> Instances => picker.Source.Current.Instances;

    /// <summary>Calls waiting for an answer from <paramref name="address"/>.</summary>
    public int PendingCalls(string address) => pool.PendingCount(RpcAddress.Parse(address));

    public async ValueTask DisposeAsync()
    {
        ClientGauges.Forget(picker.Source);
        LiveApps.Remove(this);
        if (heartbeats is not null)
        {
            await heartbeats.DisposeAsync().ConfigureAwait(false);
        }

        if (picker.Source is IAsyncDisposable source)
        {
            await source.DisposeAsync().ConfigureAwait(false);
        }

        await pool.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// An instance left the registry's list: its connection closes once its calls are done (within the request
    /// timeout), and nothing is kept for it.
    /// </summary>
    private void Retire(InstanceState instance)
    {
        instances.Forget(instance);
        sender.Forget(instance.Address);
        pool.Retire(RpcAddress.Parse(instance.Address), options.RequestTimeout);
    }
}
