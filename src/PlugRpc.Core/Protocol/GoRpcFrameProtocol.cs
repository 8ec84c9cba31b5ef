using System.Buffers;
using System.Buffers.Binary;

namespace PlugRpc.Protocol;

/// <summary>
/// go-rpc's frame: <c>magic 0xABBA | version 0 | total length (4, BE) | header length (4, BE) | header | body</c>,
/// where total length counts everything after its own field. The header is a msgpack map, or a JSON object when
/// the peer runs go-rpc's JSON mode; the first header byte tells which, and <see cref="MessageHeader.HeaderFormat"/>
/// carries it so that an answer goes back in kind.
/// </summary>
public sealed class GoRpcFrameProtocol : IFrameProtocol
{
    public const ushort Magic = 0xABBA;
    public const byte Version = 0;

    /// <summary>magic, version, total length, header length.</summary>
    public const int FixedLength = 11;

    private const int LengthFieldsAfterTotal = 4;

    public string Name => "gorpc";

    public bool TryReadFrame(ref ReadOnlySequence<byte> buffer, FrameLimits limits, out MessageHeader header, out ReadOnlySequence<byte> body) =>
        TryReadFrame(ref buffer, limits, null, out header, out body);

    public bool TryReadFrame(ref ReadOnlySequence<byte> buffer, FrameLimits limits, MessageHeader? reuse, out MessageHeader header, out ReadOnlySequence<byte> body)
    {
        header = null!;
        body = default;
        var first = buffer.FirstSpan;
        if (first.Length >= FixedLength)
        {
            return TryReadFromFirstSegment(ref buffer, first, limits, reuse, out header, out body);
        }

        if (buffer.Length < 7)
        {
            CheckPrefix(buffer);
            return false;
        }

        Span<byte> fixedPart = stackalloc byte[FixedLength];
        var available = (int)Math.Min(buffer.Length, FixedLength);
        buffer.Slice(0, available).CopyTo(fixedPart);
        var totalLength = ReadLengths(fixedPart[..available], limits, out var headerLength);
        if (buffer.Length < FixedLength || buffer.Length - 7 < totalLength)
        {
            return false;
        }

        var headerBytes = buffer.Slice(FixedLength, headerLength);
        header = FirstByte(headerBytes) == (byte)'{'
            ? GoRpcJsonHeaderReader.Read(headerBytes, limits)
            : GoRpcHeaderReader.Read(headerBytes, limits, reuse);
        body = buffer.Slice(FixedLength + headerLength, totalLength - LengthFieldsAfterTotal - headerLength);
        buffer = buffer.Slice(7 + totalLength);
        return true;
    }

    public void WriteFrame(IBufferWriter<byte> output, MessageHeader header, ReadOnlySequence<byte> body)
    {
        TryWriteFrameHead(output, header, body.Length);
        foreach (var segment in body)
        {
            output.Write(segment.Span);
        }
    }

    public bool TryWriteFrameHead(IBufferWriter<byte> output, MessageHeader header, long bodyLength)
    {
        if (header.HeaderFormat == HeaderFormat.Json)
        {
            var json = GoRpcJsonHeaderWriter.Encode(header);
            WritePrefix(output.GetSpan(FixedLength), json.Length, bodyLength);
            output.Advance(FixedLength);
            output.Write(json);
        }
        else
        {
            var headerLength = GoRpcHeaderWriter.Measure(header);
            var span = output.GetSpan(FixedLength + headerLength);
            WritePrefix(span, headerLength, bodyLength);
            GoRpcHeaderWriter.Write(span.Slice(FixedLength, headerLength), header);
            output.Advance(FixedLength + headerLength);
        }

        return true;
    }

    private static void WritePrefix(Span<byte> prefix, int headerLength, long bodyLength)
    {
        BinaryPrimitives.WriteUInt16BigEndian(prefix, Magic);
        prefix[2] = Version;
        BinaryPrimitives.WriteInt32BigEndian(prefix[3..], checked(LengthFieldsAfterTotal + headerLength + (int)bodyLength));
        BinaryPrimitives.WriteInt32BigEndian(prefix[7..], headerLength);
    }

    /// <summary>The usual case: the fixed part, and often the whole frame, in the buffer's first segment.</summary>
    private static bool TryReadFromFirstSegment(
        ref ReadOnlySequence<byte> buffer, ReadOnlySpan<byte> first, FrameLimits limits, MessageHeader? reuse, out MessageHeader header, out ReadOnlySequence<byte> body)
    {
        header = null!;
        body = default;
        var totalLength = ReadLengths(first[..FixedLength], limits, out var headerLength);
        var frameLength = 7 + totalLength;
        if (buffer.Length < frameLength)
        {
            return false;
        }

        var bodyStart = FixedLength + headerLength;
        var bodyLength = totalLength - LengthFieldsAfterTotal - headerLength;
        if (first.Length >= bodyStart && first[FixedLength] != (byte)'{')
        {
            header = GoRpcHeaderReader.Read(first.Slice(FixedLength, headerLength), limits, reuse);
        }
        else
        {
            var headerBytes = buffer.Slice(FixedLength, headerLength);
            header = FirstByte(headerBytes) == (byte)'{'
                ? GoRpcJsonHeaderReader.Read(headerBytes, limits)
                : GoRpcHeaderReader.Read(headerBytes, limits, reuse);
        }

        if (first.Length >= frameLength)
        {
            body = buffer.Slice(bodyStart, bodyLength);
            buffer = buffer.Slice(frameLength);
        }
        else
        {
            var rest = buffer.Slice(bodyStart);
            body = rest.Slice(0, bodyLength);
            buffer = rest.Slice(bodyLength);
        }

        return true;
    }

    private static byte FirstByte(in ReadOnlySequence<byte> bytes)
    {
        foreach (var segment in bytes)
        {
            if (!segment.IsEmpty)
            {
                return segment.Span[0];
            }
        }

        return 0;
    }

    /// <summary>Checks magic and version as soon as they arrive, so a stranger is turned away before it sends more.</summary>
    private static void CheckPrefix(in ReadOnlySequence<byte> buffer)
    {
        Span<byte> prefix = stackalloc byte[3];
        var available = (int)Math.Min(buffer.Length, 3);
        buffer.Slice(0, available).CopyTo(prefix);
        CheckMagicAndVersion(prefix[..available]);
    }

    private static void CheckMagicAndVersion(ReadOnlySpan<byte> prefix)
    {
        if (prefix.Length >= 1 && prefix[0] != 0xAB || prefix.Length >= 2 && prefix[1] != 0xBA)
        {
            var seen = prefix.Length >= 2 ? $"0x{prefix[0]:X2}{prefix[1]:X2}" : $"0x{prefix[0]:X2}";
            throw new ProtocolException($"bad magic {seen} (expected 0xABBA): not a go-rpc frame");
        }

        if (prefix.Length >= 3 && prefix[2] != Version)
        {
            throw new ProtocolException($"unsupported protocol version {prefix[2]} (expected {Version})");
        }
    }

    /// <summary>Validates the length fields present so far and returns the total length.</summary>
    private static int ReadLengths(ReadOnlySpan<byte> fixedPart, FrameLimits limits, out int headerLength)
    {
        CheckMagicAndVersion(fixedPart);
        var totalLength = BinaryPrimitives.ReadInt32BigEndian(fixedPart[3..]);
        if (totalLength < LengthFieldsAfterTotal || totalLength > limits.MaxFrameLength)
        {
            throw new ProtocolException(
                $"frame length {(uint)totalLength} is outside 4..{limits.MaxFrameLength} (the configured maximum frame length)");
        }

        headerLength = 0;
        if (fixedPart.Length < FixedLength)
        {
            return totalLength;
        }

        headerLength = BinaryPrimitives.ReadInt32BigEndian(fixedPart[7..]);
        if (headerLength < 1 || headerLength > totalLength - LengthFieldsAfterTotal)
        {
            throw new ProtocolException($"header length {(uint)headerLength} does not fit a frame of length {totalLength}");
        }

        if (headerLength > limits.MaxHeaderLength)
        {
            throw new ProtocolException($"header length {headerLength} exceeds the maximum of {limits.MaxHeaderLength}");
        }

        return totalLength;
    }
}
