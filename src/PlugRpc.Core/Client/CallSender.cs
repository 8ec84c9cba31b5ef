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
    private readonly InstancePicker picker;
    private readonly ConnectionPool pool;
    private readonly CodecSet codecs;
    private readonly ICodec defaultCodec;
    private readonly ICompressor? defaultCompressor;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, RpcAddress> addresses = new(StringComparer.Ordinal);
    private readonly ReadyConnectionCache ready = new();

    public CallSender(
        InstancePicker picker,
        ConnectionPool pool,
        CodecSet codecs,
        ICodec defaultCodec,
        ICompressor? defaultCompressor)
    {
        this.picker = picker;
        this.pool = pool;
        this.codecs = codecs;
        this.defaultCodec = defaultCodec;
        this.defaultCompressor = defaultCompressor;
    }

    /// <summary>The last handler of the filter chain: sends an attempt of the call and completes with it.</summary>
    public ValueTask SendAsync(ClientCallContext context)
    {
        var call = context as OutgoingCall
            ?? throw new InvalidOperationException($"a client filter passed on a {context.GetType().Name}; filters must pass on the context they were given");
        call.MakeAwaitable();
        Start(call);
        return call.AttemptDone;
    }

    /// <summary>Starts an attempt of <paramref name="call"/>; never throws: every failure settles the attempt.</summary>
    public void Start(OutgoingCall call)
    {
        call.BeginAttempt(Environment.TickCount64 + (long)call.Timeout.TotalMilliseconds);
        try
        {
            var addressText = PickAddress(call, out var direct);
            var codec = call.Options.Codec is { } codecName ? codecs.Codecs.Get(codecName) : defaultCodec;
            var compressor = call.Options.Compressor is { } compressorName ? codecs.CompressorNamed(compressorName) : defaultCompressor;
            if (ready.TryGet(addressText, out var cached))
            {
                cached.Start(call, codec, compressor);
                return;
            }

            var address = direct ? RpcAddress.Parse(addressText) : addresses.GetOrAdd(addressText, static text => RpcAddress.Parse(text));
            if (pool.TryGetReady(address, out var connection))
            {
                ready.Remember(addressText, connection);
                connection.Start(call, codec, compressor);
            }
            else
            {
                _ = StartAfterDialAsync(call, address, codec, compressor);
            }
        }
        catch (Exception ex)
        {
            call.FailNow(ex);
        }
    }

    /// <summary>The first call to a server waits for its connection, within the call's own timeout.</summary>
    private async Task StartAfterDialAsync(OutgoingCall call, RpcAddress address, ICodec codec, ICompressor? compressor)
    {
        try
        {
            var connection = await pool.GetAsync(address, call.CancellationToken)
                .AsTask()
                .WaitAsync(TimeSpan.FromMilliseconds(Math.Max(0, call.Deadline - Environment.TickCount64)), call.CancellationToken)
                .ConfigureAwait(false);
            connection.Start(call, codec, compressor);
        }
        catch (TimeoutException ex)
        {
            call.FailNow(new RpcException(RpcStatusCode.DeadlineExceeded, $"{call} timed out after {call.Timeout.TotalMilliseconds:0} ms waiting to connect to {address}", ex));
        }
        catch (Exception ex)
        {
            call.FailNow(ex);
        }
    }

    /// <summary>The address to call: the call's own (<paramref name="direct"/>) or the chosen instance's.</summary>
    private string PickAddress(ClientCallContext context, out bool direct)
    {
        if (context.Options.Address is { } own)
        {
            context.Instance = null;
            direct = true;
            return own;
        }

        direct = false;
        var chosen = picker.Pick(context);
        context.Instance = chosen;
        return chosen.Address;
    }
}
