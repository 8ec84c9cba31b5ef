using PlugRpc.Codecs;
using PlugRpc.Components;
using PlugRpc.Discovery;
using PlugRpc.Transport;

namespace PlugRpc.Client;

/// <summary>
/// The last link of the client chain: picks the server (discovery, instance filters, selector), takes its
/// connection from the pool, and sends the call under its timeout.
/// </summary>
internal sealed class CallSender
{
    private readonly IInstanceSource instances;
    private readonly IReadOnlyList<IInstanceFilter> instanceFilters;
    private readonly ISelector selector;
    private readonly ConnectionPool pool;
    private readonly CodecSet codecs;
    private readonly ICodec defaultCodec;
    private readonly ICompressor? defaultCompressor;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, RpcAddress> addresses = new(StringComparer.Ordinal);

    public CallSender(
        IInstanceSource instances,
        IReadOnlyList<IInstanceFilter> instanceFilters,
        ISelector selector,
        ConnectionPool pool,
        CodecSet codecs,
        ICodec defaultCodec,
        ICompressor? defaultCompressor)
    {
        this.instances = instances;
        this.instanceFilters = instanceFilters;
        this.selector = selector;
        this.pool = pool;
        this.codecs = codecs;
        this.defaultCodec = defaultCodec;
        this.defaultCompressor = defaultCompressor;
    }

    public ValueTask SendAsync(ClientCallContext context)
    {
        var deadline = Environment.TickCount64 + (long)context.Timeout.TotalMilliseconds;
        var address = PickAddress(context);
        var codec = context.Options.Codec is { } codecName ? codecs.Codecs.Get(codecName) : defaultCodec;
        var compressor = context.Options.Compressor is { } compressorName ? codecs.CompressorNamed(compressorName) : defaultCompressor;
        return pool.TryGetReady(address, out var ready)
            ? new ValueTask(ready.CallAsync(context, codec, compressor, deadline, context.CancellationToken))
            : SendAfterDialAsync(context, address, codec, compressor, deadline);
    }

    /// <summary>The first call to a server waits for its connection, within the call's own timeout.</summary>
    private async ValueTask SendAfterDialAsync(ClientCallContext context, RpcAddress address, ICodec codec, ICompressor? compressor, long deadline)
    {
        ClientConnection connection;
        try
        {
            connection = await pool.GetAsync(address, context.CancellationToken)
                .AsTask()
                .WaitAsync(TimeSpan.FromMilliseconds(Math.Max(0, deadline - Environment.TickCount64)), context.CancellationToken)
                .ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            throw new RpcException(RpcStatusCode.DeadlineExceeded, $"{context} timed out after {context.Timeout.TotalMilliseconds:0} ms waiting to connect to {address}", ex);
        }

        await connection.CallAsync(context, codec, compressor, deadline, context.CancellationToken).ConfigureAwait(false);
    }

    private RpcAddress PickAddress(ClientCallContext context)
    {
        if (context.Options.Address is { } direct)
        {
            context.Instance = new ServiceInstance(direct);
            return RpcAddress.Parse(direct);
        }

        var all = instances.Current;
        if (all.Count == 0)
        {
            throw new RpcException(RpcStatusCode.Unavailable, $"no server to call for {context}: the client has no addresses configured");
        }

        var candidates = instanceFilters.Count == 0 ? all : Filter(all, context);
        var chosen = selector.Select(candidates, context)
            ?? throw new RpcException(RpcStatusCode.Unavailable, $"no server left for {context}: all {all.Count} were filtered out");
        context.Instance = chosen;
        return addresses.GetOrAdd(chosen.Address, static text => RpcAddress.Parse(text));
    }

    private List<ServiceInstance> Filter(IReadOnlyList<ServiceInstance> all, ClientCallContext context)
    {
        var kept = new List<ServiceInstance>(all.Count);
        foreach (var instance in all)
        {
            var allowed = true;
            foreach (var filter in instanceFilters)
            {
                if (!filter.Allows(instance, context))
                {
                    allowed = false;
                    break;
                }
            }

            if (allowed)
            {
                kept.Add(instance);
            }
        }

        return kept;
    }
}
