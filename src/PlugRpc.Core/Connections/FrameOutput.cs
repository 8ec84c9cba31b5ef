using System.Buffers;
using System.Runtime.InteropServices;
using PlugRpc.Buffers;
using PlugRpc.Transport;

namespace PlugRpc.Connections;

/// <summary>
/// A connection's outgoing bytes between flushes. Frames are written into pooled arrays; a flush hands them all to
/// the transport at once (one system call where it gathers, however many arrays a large batch fills), so a batch
/// reaches the peer whole and is read, answered and sent back whole. A large body is not copied in: it is kept, in
/// order, to be sent from its own arrays with the rest at the next flush, which comes once
/// <see cref="MaxPendingBodyBytes"/> of them wait (several 64 KiB answers then leave in one system call, as a
/// buffered writer with large segments would send them). Used by one drain at a time.
/// </summary>
internal sealed class FrameOutput(ITransportConnection transport) : IBufferWriter<byte>
{
    /// <summary>Bodies, and pieces of bodies, from this size on are sent from their own arrays.</summary>
    public const int LargeBodyLength = 32 * 1024;

    /// <summary>Large bodies kept for the next flush up to this many bytes; the drain flushes past it.</summary>
    public const int MaxPendingBodyBytes = 256 * 1024;

    /// <summary>Large bodies waiting, each after the bytes buffered before it.</summary>
    private readonly List<PendingBody> pending = [];
    private readonly Stack<PooledBufferWriter> spareRuns = new();
    private readonly List<ArraySegment<byte>> pieces = [];
    private PooledBufferWriter buffered = new();

    /// <summary>How many bytes of large bodies wait for the next flush.</summary>
    public long PendingBodyBytes { get; private set; }

    public void Advance(int count) => buffered.Advance(count);

    public Memory<byte> GetMemory(int sizeHint = 0) => buffered.GetMemory(sizeHint);

    public Span<byte> GetSpan(int sizeHint = 0) => buffered.GetSpan(sizeHint);

    /// <summary>
    /// Keeps <paramref name="body"/> to follow what is buffered (its frame's head, written last), sent from where it
    /// is at the next flush; <paramref name="owner"/> is disposed once it has been sent, or the send failed.
    /// </summary>
    public void AddBody(ReadOnlySequence<byte> body, IDisposable? owner)
    {
        pending.Add(new PendingBody(buffered, body, owner));
        buffered = spareRuns.Count > 0 ? spareRuns.Pop() : new PooledBufferWriter();
        PendingBodyBytes += body.Length;
    }

    /// <summary>Sends what is buffered and the large bodies kept, in the order they were written.</summary>
    public ValueTask FlushAsync(CancellationToken cancellationToken) =>
        buffered.WrittenCount == 0 && pending.Count == 0 ? ValueTask.CompletedTask : SendAsync(cancellationToken);

    private async ValueTask SendAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (transport is IGatheringConnection gathering && GatherAll())
            {
                // One piece (a lone small frame) goes through the stream, whose single-buffer write allocates nothing.
                await (pieces.Count == 1 ? transport.Stream.WriteAsync(pieces[0], cancellationToken) : gathering.WriteAsync(pieces)).ConfigureAwait(false);
                return;
            }

            await WriteThroughStreamAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            pieces.Clear();
            foreach (var body in pending)
            {
                body.Owner?.Dispose();
                body.Before.Reset();
                spareRuns.Push(body.Before);
            }

            pending.Clear();
            PendingBodyBytes = 0;
            buffered.Reset();
        }
    }

    /// <summary>
    /// For a transport that cannot gather (TLS): small pieces are copied together and written as one, a large
    /// piece of a body is written from where it is.
    /// </summary>
    private async ValueTask WriteThroughStreamAsync(CancellationToken cancellationToken)
    {
        var staged = spareRuns.Count > 0 ? spareRuns.Pop() : new PooledBufferWriter();
        try
        {
            foreach (var body in pending)
            {
                staged.Write(body.Before.WrittenSequence);
                foreach (var piece in body.Body)
                {
                    if (piece.Length < LargeBodyLength)
                    {
                        staged.Write(new ReadOnlySequence<byte>(piece));
                        continue;
                    }

                    await WriteStagedAsync(staged, cancellationToken).ConfigureAwait(false);
                    await transport.Stream.WriteAsync(piece, cancellationToken).ConfigureAwait(false);
                }
            }

            staged.Write(buffered.WrittenSequence);
            await WriteStagedAsync(staged, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            staged.Reset();
            spareRuns.Push(staged);
        }
    }

    private async ValueTask WriteStagedAsync(PooledBufferWriter staged, CancellationToken cancellationToken)
    {
        foreach (var piece in staged.WrittenSequence)
        {
            await transport.Stream.WriteAsync(piece, cancellationToken).ConfigureAwait(false);
        }

        staged.Reset();
    }

    /// <summary>Lists every piece to send, in order, if every one is an array's.</summary>
    private bool GatherAll()
    {
        foreach (var body in pending)
        {
            if (!Gather(body.Before.WrittenSequence) || !Gather(body.Body))
            {
                return false;
            }
        }

        return Gather(buffered.WrittenSequence);
    }

    private bool Gather(in ReadOnlySequence<byte> sequence)
    {
        foreach (var piece in sequence)
        {
            if (piece.IsEmpty)
            {
                continue;
            }

            if (!MemoryMarshal.TryGetArray(piece, out var bytes))
            {
                pieces.Clear();
                return false;
            }

            pieces.Add(bytes);
        }

        return true;
    }

    /// <param name="Before">What was buffered before the body: its frame's head and the frames ahead of it.</param>
    private readonly record struct PendingBody(PooledBufferWriter Before, ReadOnlySequence<byte> Body, IDisposable? Owner);
}
