using System.Buffers;
using PlugRpc.Codecs;
using PlugRpc.Protocol;

namespace PlugRpc.Buffers;

/// <summary>
/// The header and body of one outgoing frame, taken from a process-wide pool and given back when the frame has
/// been written (it is the frame's body owner), so that sending a frame allocates neither. A frame that is never
/// given back (a failure on the way) is simply collected. Each thread keeps a small stack of its own (a server's
/// read loop takes a batch of frames and, writing the answers, gives them back on the same thread, taking no lock
/// for either); it trades with a shared stack <see cref="Exchange"/> frames at a time, one lock for all of them, when
/// it runs empty or full. Both are stacks, so the frame taken is the one given back last, still in the cache; after a
/// burst of large calls the shared one holds no more than <see cref="MaxPooled"/>.
/// </summary>
internal sealed class PooledFrame : IDisposable
{
    private const int MaxPooled = 512;
    private const int MaxPerThread = 128;
    private const int Exchange = 32;
    private static readonly PooledFrame?[] Pool = new PooledFrame?[MaxPooled];
    private static readonly Lock PoolLock = new();
    private static int pooledCount;

    [ThreadStatic]
    private static PooledFrame?[]? threadPool;

    [ThreadStatic]
    private static int threadPooledCount;
    private PooledBufferWriter? compressed;
    private bool isCompressed;
    private bool pooled;

    private PooledFrame(MessageHeader header)
    {
        Header = header;
    }

    public MessageHeader Header { get; }

    /// <summary>Where the plain body is written.</summary>
    public PooledBufferWriter Body { get; } = new();

    /// <summary>What goes on the wire: the body, or its compressed form after <see cref="Compress"/>.</summary>
    public ReadOnlySequence<byte> Payload => isCompressed ? compressed!.WrittenSequence : Body.WrittenSequence;

    public static PooledFrame Rent()
    {
        if (threadPooledCount == 0 && !Refill())
        {
            return new PooledFrame(new MessageHeader());
        }

        var own = threadPool![--threadPooledCount]!;
        threadPool[threadPooledCount] = null;
        own.pooled = false;
        return own;
    }

    /// <summary>A frame around a header that did not come from the pool (it goes to the pool afterwards like any other).</summary>
    public static PooledFrame Around(MessageHeader header) => new(header);

    /// <summary>Makes the payload the compressed body.</summary>
    public void Compress(ICompressor compressor)
    {
        compressed ??= new PooledBufferWriter();
        compressor.Compress(Body.WrittenSequence, compressed);
        isCompressed = true;
    }

    /// <summary>Drops whatever body was written, for a frame that goes out with none (an error).</summary>
    public void ClearPayload()
    {
        Body.Reset();
        isCompressed = false;
    }

    public void Dispose()
    {
        if (pooled)
        {
            return;
        }

        pooled = true;
        Body.Reset();
        compressed?.Dispose();
        compressed = null;
        isCompressed = false;
        Header.Reset();
        var own = threadPool ??= new PooledFrame?[MaxPerThread];
        if (threadPooledCount == MaxPerThread)
        {
            SpillOldest(own);
        }

        own[threadPooledCount++] = this;
    }

    /// <summary>Takes the frames given back last to the shared stack into this thread's, if there are any.</summary>
    private static bool Refill()
    {
        var own = threadPool ??= new PooledFrame?[MaxPerThread];
        lock (PoolLock)
        {
            var moved = Math.Min(Exchange, pooledCount);
            pooledCount -= moved;
            Array.Copy(Pool, pooledCount, own, 0, moved);
            Array.Clear(Pool, pooledCount, moved);
            threadPooledCount = moved;
        }

        return threadPooledCount > 0;
    }

    /// <summary>Makes room on this thread's full stack: its oldest frames go to the shared one (or to the collector).</summary>
    private static void SpillOldest(PooledFrame?[] own)
    {
        lock (PoolLock)
        {
            var kept = Math.Min(Exchange, MaxPooled - pooledCount);
            Array.Copy(own, 0, Pool, pooledCount, kept);
            pooledCount += kept;
        }

        Array.Copy(own, Exchange, own, 0, MaxPerThread - Exchange);
        Array.Clear(own, MaxPerThread - Exchange, Exchange);
        threadPooledCount = MaxPerThread - Exchange;
    }
}
