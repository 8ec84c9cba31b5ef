using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.InteropServices;
using PlugRpc.Protocol;
using PlugRpc.Transport;

namespace PlugRpc.Connections;

/// <summary>
/// Writes a frame with a large body without copying the body into the pipe. Over a transport that gathers, head
/// and body leave in one system call, so the peer wakes once for the whole frame rather than once for the head
/// and again for the body. Elsewhere the head and the body's small pieces go through the pipe and its large
/// pieces go to the stream from their own buffers. Used by one drain at a time.
/// </summary>
internal sealed class LargeFrameWriter(ITransportConnection transport, IFrameProtocol protocol, PipeWriter writer)
{
    /// <summary>Bodies, and pieces of bodies, from this size on are sent from their own buffers.</summary>
    public const int MinimumLength = 32 * 1024;

    private readonly ArrayBufferWriter<byte> head = new(256);
    private readonly List<ArraySegment<byte>> pieces = [];

    /// <summary>Writes the frame, or returns false, having written nothing, if the protocol cannot write its head apart.</summary>
    public async ValueTask<bool> TryWriteAsync(MessageHeader header, ReadOnlySequence<byte> body, CancellationToken cancellationToken)
    {
        if (transport is IGatheringConnection gathering && Gather(header, body))
        {
            try
            {
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                await gathering.WriteAsync(pieces).ConfigureAwait(false);
            }
            finally
            {
                pieces.Clear();
            }

            return true;
        }

        if (!protocol.TryWriteFrameHead(writer, header, body.Length))
        {
            return false;
        }

        foreach (var piece in body)
        {
            if (piece.Length < MinimumLength)
            {
                writer.Write(piece.Span);
                continue;
            }

            // What is in the pipe (this frame's head included) goes first.
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            await transport.Stream.WriteAsync(piece, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>Lists the frame's head and body as array segments, if the protocol can write the head apart and every piece is an array's.</summary>
    private bool Gather(MessageHeader header, in ReadOnlySequence<byte> body)
    {
        head.ResetWrittenCount();
        if (!protocol.TryWriteFrameHead(head, header, body.Length) || !MemoryMarshal.TryGetArray(head.WrittenMemory, out var headBytes))
        {
            return false;
        }

        pieces.Add(headBytes);
        foreach (var piece in body)
        {
            if (!MemoryMarshal.TryGetArray(piece, out var bytes))
            {
                pieces.Clear();
                return false;
            }

            pieces.Add(bytes);
        }

        return true;
    }
}
