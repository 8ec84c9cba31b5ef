using System.Buffers;
using System.Runtime.InteropServices;
using PlugRpc.Buffers;
using PlugRpc.Transport;

namespace PlugRpc.Connections;

/// <summary>
/// A connection's outgoing bytes between flushes. Frames are written into pooled arrays; a flush hands them all to
/// the transport at once (one system call where it gathers, however many arrays a large batch fills), so a batch
/// reaches the peer whole and is read, answered and sent back whole. A large body is not copied in: it is sent
/// after what is buffered, from its own arrays. Used by one drain at a time.
/// </summary>
internal sealed class FrameOutput(ITransportConnection transport) : IBufferWriter<byte>
{
    /// <summary>Bodies, and pieces of bodies, from this size on are sent from their own arrays.</summary>
    public const int LargeBodyLength = 32 * 1024;

    private readonly PooledBufferWriter buffered = new();
    private readonly List<ArraySegment<byte>> pieces = [];

    public void Advance(int count) => buffered.Advance(count);

    public Memory<byte> GetMemory(int sizeHint = 0) => buffered.GetMemory(sizeHint);

    public Span<byte> GetSpan(int sizeHint = 0) => buffered.GetSpan(sizeHint);

    /// <summary>Sends what is buffered.</summary>
    public ValueTask FlushAsync(CancellationToken cancellationToken) =>
        buffered.WrittenCount == 0 ? ValueTask.CompletedTask : SendAsync(default, cancellationToken);

    /// <summary>Sends what is buffered (a large frame's head last) and then <paramref name="body"/>, from where it is.</summary>
    public ValueTask FlushWithAsync(ReadOnlySequence<byte> body, CancellationToken cancellationToken) => SendAsync(body, cancellationToken);

    private async ValueTask SendAsync(ReadOnlySequence<byte> body, CancellationToken cancellationToken)
    {
        try
        {
            if (transport is IGatheringConnection gathering && Gather(buffered.WrittenSequence) && Gather(body))
            {
                // One piece (a lone small frame) goes through the stream, whose single-buffer write allocates nothing.
                await (pieces.Count == 1 ? transport.Stream.WriteAsync(pieces[0], cancellationToken) : gathering.WriteAsync(pieces)).ConfigureAwait(false);
                return;
            }

            pieces.Clear();
            foreach (var piece in body)
            {
                if (piece.Length < LargeBodyLength)
                {
                    buffered.Write(new ReadOnlySequence<byte>(piece));
                    continue;
                }

                await WriteBufferedAsync(cancellationToken).ConfigureAwait(false);
                await transport.Stream.WriteAsync(piece, cancellationToken).ConfigureAwait(false);
            }

            await WriteBufferedAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            pieces.Clear();
            buffered.Reset();
        }
    }

    private async ValueTask WriteBufferedAsync(CancellationToken cancellationToken)
    {
        foreach (var piece in buffered.WrittenSequence)
        {
            await transport.Stream.WriteAsync(piece, cancellationToken).ConfigureAwait(false);
        }

        buffered.Reset();
    }

    /// <summary>Adds the sequence's pieces to the list to send, if every one is an array's.</summary>
    private bool Gather(in ReadOnlySequence<byte> sequence)
    {
        foreach (var piece in sequence)
        {
            if (!MemoryMarshal.TryGetArray(piece, out var bytes))
            {
                return false;
            }

            pieces.Add(bytes);
        }

        return true;
    }
}
