using System.Buffers;
using System.Collections.Concurrent;
using PlugRpc.Codecs;
using PlugRpc.Protocol;

namespace PlugRpc.Buffers;

/// <summary>
/// The header and body of one outgoing frame, taken from a process-wide pool and given back when the frame has
/// been written (it is the frame's body owner), so that sending a frame allocates neither. A frame that is never
/// given back (a failure on the way) is simply collected.
/// </summary>
internal sealed class PooledFrame : IDisposable
{
    private const int MaxPooled = 4096;
    private static readonly ConcurrentQueue<PooledFrame> Pool = new();
    private static int pooledCount;
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
        if (Pool.TryDequeue(out var frame))
        {
            Interlocked.Decrement(ref pooledCount);
            frame.pooled = false;
            return frame;
        }

        return new PooledFrame(new MessageHeader());
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
        if (Interlocked.Increment(ref pooledCount) <= MaxPooled)
        {
            Pool.Enqueue(this);
        }
        else
        {
            Interlocked.Decrement(ref pooledCount);
        }
    }
}
