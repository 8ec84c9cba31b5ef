using System.Buffers;

namespace PlugRpc.Protocol;

/// <summary>Cuts frames out of a byte stream and writes them back: the framing and the header encoding.</summary>
public interface IFrameProtocol
{
    string Name { get; }

    /// <summary>
    /// Takes one whole frame off the front of <paramref name="buffer"/>. Returns false (and leaves the buffer as it
    /// was) when more bytes are needed. Throws <see cref="ProtocolException"/> for bytes that can never become a
    /// valid frame; nothing the peer claims is allocated before it is checked against <paramref name="limits"/>.
    /// </summary>
    /// <remarks><paramref name="body"/> is a slice of the input: copy it before the buffer is released.</remarks>
    bool TryReadFrame(ref ReadOnlySequence<byte> buffer, FrameLimits limits, out MessageHeader header, out ReadOnlySequence<byte> body);

    /// <summary>
    /// As <see cref="TryReadFrame(ref ReadOnlySequence{byte}, FrameLimits, out MessageHeader, out ReadOnlySequence{byte})"/>,
    /// but the header may be decoded into <paramref name="reuse"/> (every field overwritten) instead of a new one,
    /// for a reader that is done with each header before it reads the next. A protocol may ignore it.
    /// </summary>
    bool TryReadFrame(ref ReadOnlySequence<byte> buffer, FrameLimits limits, MessageHeader? reuse, out MessageHeader header, out ReadOnlySequence<byte> body) =>
        TryReadFrame(ref buffer, limits, out header, out body);

    /// <summary>Writes one whole frame.</summary>
    void WriteFrame(IBufferWriter<byte> output, MessageHeader header, ReadOnlySequence<byte> body);

    /// <summary>
    /// Writes everything of a frame but its body, for a caller that sends the <paramref name="bodyLength"/> bytes of
    /// the body itself right after (a large body goes to the socket from where it is, not copied). Returns false
    /// if the protocol cannot split a frame so; the caller then uses <see cref="WriteFrame"/>.
    /// </summary>
    bool TryWriteFrameHead(IBufferWriter<byte> output, MessageHeader header, long bodyLength) => false;
}
