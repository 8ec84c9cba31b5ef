using System.Buffers;
using MessagePack;
using PlugRpc.Protocol;
using PlugRpc.Tests.Fuzzing;

namespace PlugRpc.Core.Tests.Protocol;

/// <summary>
/// The header writer measures and writes in place, and the reader has a fast path for headers in one piece. Both
/// are checked here against an independent msgpack encoding and against the full reader (a header split across
/// segments always takes the full reader).
/// </summary>
public sealed class GoRpcHeaderPathsTests
{
    private static readonly GoRpcFrameProtocol Protocol = new();

    public static TheoryData<int, int, int> Shapes => new()
    {
        // name length, metadata entries, metadata value length: fixstr, str8, str16 and fixmap/map16 boundaries
        { 0, 0, 0 },
        { 3, 1, 7 },
        { 31, 15, 31 },
        { 32, 16, 32 },
        { 255, 3, 255 },
        { 256, 2, 256 },
        { 40, 1, 70_000 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Written_headers_match_an_independent_msgpack_encoding(int nameLength, int entries, int valueLength)
    {
        var header = Build(nameLength, entries, valueLength);

        var frame = Write(header);

        var headerLength = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(frame.AsSpan(7));
        Assert.Equal(Reference(header), frame.AsSpan(GoRpcFrameProtocol.FixedLength, headerLength).ToArray());
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Fast_and_full_readers_agree(int nameLength, int entries, int valueLength)
    {
        var header = Build(nameLength, entries, valueLength);
        var frame = Write(header);

        var whole = new ReadOnlySequence<byte>(frame);
        Assert.True(Protocol.TryReadFrame(ref whole, Limits, out var fast, out _));
        var split = Split(frame);
        Assert.False(split.IsSingleSegment);
        Assert.True(Protocol.TryReadFrame(ref split, Limits, out var full, out _));

        foreach (var read in new[] { fast, full })
        {
            Assert.Equal(header.ToString(), read.ToString());
            Assert.Equal(header.Error, read.Error);
            Assert.Equal(header.Metadata?.ToList(), read.Metadata?.ToList());
        }
    }

    [Fact]
    public void A_reused_header_keeps_nothing_from_the_frame_before()
    {
        var first = Build(12, 2, 5);
        var second = new MessageHeader { Seq = 9, MessageType = MessageType.Heartbeat, HeaderFormat = HeaderFormat.MessagePack };
        var reuse = new MessageHeader();
        var frames = new ReadOnlySequence<byte>([.. Write(first), .. Write(second)]);

        Assert.True(Protocol.TryReadFrame(ref frames, Limits, reuse, out var one, out _));
        Assert.Same(reuse, one);
        Assert.Equal(first.Error, one.Error);
        Assert.True(Protocol.TryReadFrame(ref frames, Limits, reuse, out var two, out _));

        Assert.Same(reuse, two);
        Assert.Equal(second.ToString(), two.ToString());
        Assert.Equal(string.Empty, two.Error);
        Assert.Null(two.Metadata);
    }

    [Fact]
    public void A_header_that_differs_from_the_last_only_in_seq_reads_the_same_as_a_fresh_decode()
    {
        var repeated = Build(12, 0, 0);
        var frames = new List<byte[]>();
        foreach (var seq in new ulong[] { 1, 2, 300, ulong.MaxValue })
        {
            repeated.Seq = seq;
            frames.Add(Write(repeated));
        }

        var reuse = new MessageHeader { Metadata = new Metadata { ["stale"] = "x" }, HeaderFormat = HeaderFormat.Json };
        foreach (var (frame, seq) in frames.Zip(new ulong[] { 1, 2, 300, ulong.MaxValue }))
        {
            var whole = new ReadOnlySequence<byte>(frame);
            Assert.True(Protocol.TryReadFrame(ref whole, Limits, reuse, out var read, out var body));
            var split = Split(frame);
            Assert.True(Protocol.TryReadFrame(ref split, Limits, out var full, out _));

            Assert.Equal(seq, read.Seq);
            Assert.Equal(full.ToString(), read.ToString());
            Assert.Equal((full.Error, full.HeaderFormat), (read.Error, read.HeaderFormat));
            Assert.Null(read.Metadata);
            Assert.Equal([1, 2, 3], body.ToArray());
        }
    }

    [Fact]
    public void A_header_unlike_the_last_is_decoded_in_full_even_when_only_one_byte_differs()
    {
        var first = Build(12, 0, 0);
        var second = Build(12, 0, 0);
        second.CompressType = 4;
        var withMetadata = Build(12, 1, 3);

        foreach (var header in new[] { first, second, first, withMetadata, withMetadata, first })
        {
            var whole = new ReadOnlySequence<byte>(Write(header));
            Assert.True(Protocol.TryReadFrame(ref whole, Limits, out var read, out _));

            Assert.Equal(header.ToString(), read.ToString());
            Assert.Equal(header.Metadata?.ToList(), read.Metadata?.ToList());
        }
    }

    [Fact]
    public void Signed_and_narrow_integers_from_other_encoders_are_read_the_same_on_both_paths()
    {
        // {"Seq": int8 5, "MessageType": fixint 0, "ServiceName": nil, "X": true (unknown key)}
        var writer = new ArrayBufferWriter<byte>();
        var msgpack = new MessagePackWriter(writer);
        msgpack.WriteMapHeader(4);
        msgpack.Write("Seq");
        msgpack.WriteInt8(5);
        msgpack.Write("MessageType");
        msgpack.Write(0);
        msgpack.Write("ServiceName");
        msgpack.WriteNil();
        msgpack.Write("X");
        msgpack.Write(true);
        msgpack.Flush();

        var frame = Frame(writer.WrittenSpan);

        var whole = new ReadOnlySequence<byte>(frame);
        Assert.True(Protocol.TryReadFrame(ref whole, Limits, out var fast, out _));
        var split = Split(frame);
        Assert.True(Protocol.TryReadFrame(ref split, Limits, out var full, out _));
        foreach (var header in new[] { fast, full })
        {
            Assert.Equal(5UL, header.Seq);
            Assert.Equal(MessageType.Request, header.MessageType);
            Assert.Equal(string.Empty, header.ServiceName);
        }
    }

    internal static byte[] Frame(ReadOnlySpan<byte> header)
    {
        var frame = new byte[GoRpcFrameProtocol.FixedLength + header.Length];
        frame[0] = 0xab;
        frame[1] = 0xba;
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(3), 4 + header.Length);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(7), header.Length);
        header.CopyTo(frame.AsSpan(GoRpcFrameProtocol.FixedLength));
        return frame;
    }

    private static FrameLimits Limits => FrameLimits.Default with { MaxHeaderLength = 1 << 20, MaxMetadataEntries = 64 };

    private static MessageHeader Build(int nameLength, int entries, int valueLength)
    {
        var metadata = entries == 0 ? null : new Metadata();
        for (var i = 0; i < entries; i++)
        {
            metadata![$"key{i}"] = new string((char)('a' + (i % 26)), valueLength);
        }

        return new MessageHeader
        {
            Seq = ulong.MaxValue - (ulong)nameLength,
            MessageType = MessageType.Response,
            CompressType = 3,
            SerializeType = SerializeTypes.MessagePack,
            StatusCode = WireStatus.Error,
            ServiceName = new string('S', nameLength),
            MethodName = "Méthode-" + new string('m', nameLength),
            Error = nameLength == 0 ? string.Empty : "ошибка " + nameLength,
            Metadata = metadata,
        };
    }

    private static byte[] Write(MessageHeader header)
    {
        var output = new ArrayBufferWriter<byte>();
        Protocol.WriteFrame(output, header, new ReadOnlySequence<byte>([1, 2, 3]));
        return output.WrittenSpan.ToArray();
    }

    /// <summary>The header as MessagePack-CSharp writes go-rpc's layout.</summary>
    private static byte[] Reference(MessageHeader header)
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(output);
        writer.WriteMapHeader(9);
        writer.Write("Seq");
        writer.WriteUInt64(header.Seq);
        writer.Write("MessageType");
        writer.WriteUInt8((byte)header.MessageType);
        writer.Write("CompressType");
        writer.WriteUInt8(header.CompressType);
        writer.Write("SerializeType");
        writer.WriteUInt8(header.SerializeType);
        writer.Write("StatusCode");
        writer.WriteUInt8((byte)header.StatusCode);
        writer.Write("ServiceName");
        writer.Write(header.ServiceName);
        writer.Write("MethodName");
        writer.Write(header.MethodName);
        writer.Write("Error");
        writer.Write(header.Error);
        writer.Write("MetaData");
        if (header.Metadata is null)
        {
            writer.WriteNil();
        }
        else
        {
            writer.WriteMapHeader(header.Metadata.Count);
            foreach (var (key, value) in header.Metadata)
            {
                writer.Write(key);
                writer.Write(value);
            }
        }

        writer.Flush();
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Splits a frame into segments of 5 bytes, so that no header is in one piece.</summary>
    internal static ReadOnlySequence<byte> Split(byte[] frame) =>
        Segments.Split(frame, Enumerable.Range(1, (frame.Length - 1) / 5).Select(i => i * 5));
}
