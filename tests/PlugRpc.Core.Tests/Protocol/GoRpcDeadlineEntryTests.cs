using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using MessagePack;
using PlugRpc.Protocol;

namespace PlugRpc.Core.Tests.Protocol;

/// <summary>
/// <see cref="MessageHeader.TimeLeftMs"/> on the wire: one more go-rpc metadata entry, rpc_deadline_ms as decimal
/// text after the call's own, written from the field and read back into it (never into Metadata), on every reader
/// path and in both header formats. Malformed values are ignored, huge ones clamped; only a structurally bad header
/// is a ProtocolException.
/// </summary>
public sealed class GoRpcDeadlineEntryTests
{
    private static readonly GoRpcFrameProtocol Protocol = new();
    private static readonly byte[] Str8Key = [0xd9, (byte)MetadataKeys.Deadline.Length, .. Encoding.ASCII.GetBytes(MetadataKeys.Deadline)];
    private static readonly byte[] Str8Value = [0xd9, 3, .. "120"u8];

    [Fact]
    public void The_msgpack_header_carries_the_deadline_as_the_last_metadata_entry_as_MessagePack_CSharp_would_write_it()
    {
        var header = AddRequest(new Metadata { [MetadataKeys.Auth] = "hello01" }, timeLeftMs: 4999);

        var written = HeaderBytes(GoRpcFrameProtocolVectorTests.Encode(header, []));

        var expected = GoRpcMsgpackHeader((ref MessagePackWriter w) =>
        {
            w.WriteMapHeader(2);
            w.Write(MetadataKeys.Auth);
            w.Write("hello01");
            w.Write(MetadataKeys.Deadline);
            w.Write("4999");
        });
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(written));
    }

    [Fact]
    public void A_header_with_no_other_metadata_sends_a_map_of_just_the_deadline()
    {
        var header = AddRequest(metadata: null, timeLeftMs: 7);

        var written = HeaderBytes(GoRpcFrameProtocolVectorTests.Encode(header, []));

        var expected = GoRpcMsgpackHeader((ref MessagePackWriter w) =>
        {
            w.WriteMapHeader(1);
            w.Write(MetadataKeys.Deadline);
            w.Write("7");
        });
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(written));
    }

    [Fact]
    public void The_go_rpc_add_request_plus_a_deadline_differs_from_the_vector_only_by_that_entry()
    {
        var vector = Vectors.Read("add_request");
        var (header, body) = GoRpcFrameProtocolVectorTests.Decode(vector);
        header.TimeLeftMs = 30000;

        var withDeadline = GoRpcFrameProtocolVectorTests.Encode(header, body);
        byte[] entry = [.. DeadlineEntry.KeyRaw, 0xa5, .. "30000"u8];

        // The metadata map goes from fixmap 1 to fixmap 2, and the entry follows rpc_auth's, just before the body.
        var vectorHeaderEnd = 11 + BinaryPrimitives.ReadInt32BigEndian(vector.AsSpan(7));
        byte[] metaDataKey = [0xa8, .. "MetaData"u8];
        var mapAt = vector.AsSpan(11, vectorHeaderEnd - 11).IndexOf(metaDataKey) + 11 + metaDataKey.Length;
        Assert.Equal(0x81, vector[mapAt]);
        byte[] expected = [.. vector[..mapAt], 0x82, .. vector[(mapAt + 1)..vectorHeaderEnd], .. entry, .. vector[vectorHeaderEnd..]];
        BinaryPrimitives.WriteInt32BigEndian(expected.AsSpan(3), BinaryPrimitives.ReadInt32BigEndian(vector.AsSpan(3)) + entry.Length);
        BinaryPrimitives.WriteInt32BigEndian(expected.AsSpan(7), BinaryPrimitives.ReadInt32BigEndian(vector.AsSpan(7)) + entry.Length);
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(withDeadline));
        header.TimeLeftMs = 0;
        Assert.Equal(Convert.ToHexString(vector), Convert.ToHexString(GoRpcFrameProtocolVectorTests.Encode(header, body)));
    }

    [Theory]
    [InlineData(false, 1L)]
    [InlineData(false, 4999L)]
    [InlineData(true, 4999L)]
    [InlineData(true, DeadlineEntry.MaxTimeLeftMs)]
    public void A_msgpack_header_with_the_field_round_trips_on_the_fast_and_the_full_reader(bool withOtherMetadata, long timeLeftMs)
    {
        var header = AddRequest(withOtherMetadata ? new Metadata { [MetadataKeys.Auth] = "hello01", ["x"] = "y" } : null, timeLeftMs);
        var frame = GoRpcFrameProtocolVectorTests.Encode(header, [1, 2, 3]);

        foreach (var read in ReadBothWays(frame))
        {
            Assert.Equal(timeLeftMs, read.TimeLeftMs);
            Assert.Equal(header.ToString(), read.ToString());
            Assert.Equal(header.Metadata?.ToList(), read.Metadata?.ToList());
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_json_header_with_the_field_is_written_as_go_would_and_round_trips(bool withOtherMetadata)
    {
        var header = AddRequest(withOtherMetadata ? new Metadata { [MetadataKeys.Auth] = "hello01" } : null, timeLeftMs: 250);
        header.HeaderFormat = HeaderFormat.Json;

        var frame = GoRpcFrameProtocolVectorTests.Encode(header, "{}"u8.ToArray());

        var metadata = withOtherMetadata ? """{"rpc_auth":"hello01","rpc_deadline_ms":"250"}""" : """{"rpc_deadline_ms":"250"}""";
        Assert.Equal(
            $$"""{"Seq":1,"MessageType":0,"CompressType":0,"SerializeType":1,"StatusCode":0,"ServiceName":"ArithService","MethodName":"Add","Error":"","MetaData":{{metadata}}}""",
            Encoding.UTF8.GetString(HeaderBytes(frame)));
        var (read, _) = GoRpcFrameProtocolVectorTests.Decode(frame);
        Assert.Equal(HeaderFormat.Json, read.HeaderFormat);
        Assert.Equal(250, read.TimeLeftMs);
        Assert.Equal(header.Metadata?.ToList(), read.Metadata?.ToList());
    }

    [Fact]
    public void A_go_rpc_shaped_header_with_rpc_deadline_ms_written_by_hand_is_read_into_the_field()
    {
        // As a go-rpc client that set the key itself would send it: between two other entries, in str8 where it fits a fixstr.
        var header = GoRpcMsgpackHeader((ref MessagePackWriter w) =>
        {
            w.WriteMapHeader(3);
            w.Write(MetadataKeys.Auth);
            w.Write("hello01");
            w.WriteRaw(Str8Key);
            w.WriteRaw(Str8Value);
            w.Write("rpc_tag_zone");
            w.Write("a");
        });

        foreach (var read in ReadBothWays(GoRpcHeaderPathsTests.Frame(header)))
        {
            Assert.Equal(120, read.TimeLeftMs);
            Assert.Equal(["rpc_auth=hello01", "rpc_tag_zone=a"], read.Metadata!.Select(p => $"{p.Key}={p.Value}"));
        }
    }

    [Fact]
    public void A_request_whose_only_metadata_was_the_deadline_has_no_metadata_but_an_empty_map_stays_an_empty_map()
    {
        var onlyDeadline = GoRpcHeaderPathsTests.Frame(GoRpcMsgpackHeader((ref MessagePackWriter w) =>
        {
            w.WriteMapHeader(1);
            w.Write(MetadataKeys.Deadline);
            w.Write("99");
        }));
        var empty = GoRpcHeaderPathsTests.Frame(GoRpcMsgpackHeader((ref MessagePackWriter w) => w.WriteMapHeader(0)));

        foreach (var read in ReadBothWays(onlyDeadline))
        {
            Assert.Equal(99, read.TimeLeftMs);
            Assert.Null(read.Metadata);
        }

        foreach (var read in ReadBothWays(empty))
        {
            Assert.Equal(0, read.TimeLeftMs);
            Assert.Equal(0, read.Metadata!.Count);
        }

        Assert.Null(GoRpcFrameProtocolVectorTests.Decode(JsonFrame("""{"MetaData":{"rpc_deadline_ms":"99"}}""")).Header.Metadata);
        Assert.Equal(0, GoRpcFrameProtocolVectorTests.Decode(JsonFrame("""{"MetaData":{}}""")).Header.Metadata!.Count);
    }

    public static TheoryData<string, long> Values => new()
    {
        // Ignored: the request is served as one without a deadline.
        { "", 0 },
        { "abc", 0 },
        { "-5", 0 },
        { "+5", 0 },
        { " 12", 0 },
        { "12.5", 0 },
        { "1e3", 0 },
        { "١٢", 0 },

        // Clamped to 1..MaxTimeLeftMs.
        { "0", 1 },
        { "000250", 250 },
        { "2147483648", DeadlineEntry.MaxTimeLeftMs },
        { "99999999999999999999999999999999999999", DeadlineEntry.MaxTimeLeftMs },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void A_malformed_value_is_ignored_and_a_huge_one_clamped_in_msgpack_on_both_readers(string value, long expected)
    {
        var frame = GoRpcHeaderPathsTests.Frame(GoRpcMsgpackHeader((ref MessagePackWriter w) =>
        {
            w.WriteMapHeader(2);
            w.Write(MetadataKeys.Deadline);
            w.Write(value);
            w.Write(MetadataKeys.Auth);
            w.Write("hello01");
        }));

        foreach (var read in ReadBothWays(frame))
        {
            Assert.Equal(expected, read.TimeLeftMs);
            Assert.Equal(["rpc_auth=hello01"], read.Metadata!.Select(p => $"{p.Key}={p.Value}"));
        }
    }

    [Theory]
    [MemberData(nameof(Values))]
    public void A_malformed_value_is_ignored_and_a_huge_one_clamped_in_json(string value, long expected)
    {
        var (read, _) = GoRpcFrameProtocolVectorTests.Decode(JsonFrame(
            $$$"""{"MetaData":{"rpc_deadline_ms":{{{System.Text.Json.JsonSerializer.Serialize(value)}}},"rpc_auth":"hello01"}}"""));

        Assert.Equal(expected, read.TimeLeftMs);
        Assert.Equal(["rpc_auth=hello01"], read.Metadata!.Select(p => $"{p.Key}={p.Value}"));
    }

    [Fact]
    public void Non_string_scalars_are_read_as_their_text()
    {
        var frame = GoRpcHeaderPathsTests.Frame(GoRpcMsgpackHeader((ref MessagePackWriter w) =>
        {
            w.WriteMapHeader(1);
            w.Write(MetadataKeys.Deadline);
            w.Write(300);
        }));
        var negative = GoRpcHeaderPathsTests.Frame(GoRpcMsgpackHeader((ref MessagePackWriter w) =>
        {
            w.WriteMapHeader(1);
            w.Write(MetadataKeys.Deadline);
            w.Write(-300);
        }));
        var boolean = GoRpcHeaderPathsTests.Frame(GoRpcMsgpackHeader((ref MessagePackWriter w) =>
        {
            w.WriteMapHeader(1);
            w.Write(MetadataKeys.Deadline);
            w.Write(true);
        }));

        Assert.All(ReadBothWays(frame), read => Assert.Equal(300, read.TimeLeftMs));
        Assert.All(ReadBothWays(negative), read => Assert.Equal(0, read.TimeLeftMs));
        Assert.All(ReadBothWays(boolean), read => Assert.Equal(0, read.TimeLeftMs));
        Assert.Equal(300, GoRpcFrameProtocolVectorTests.Decode(JsonFrame("""{"MetaData":{"rpc_deadline_ms":300}}""")).Header.TimeLeftMs);
        Assert.Equal(0, GoRpcFrameProtocolVectorTests.Decode(JsonFrame("""{"MetaData":{"rpc_deadline_ms":-3}}""")).Header.TimeLeftMs);
        Assert.Equal(0, GoRpcFrameProtocolVectorTests.Decode(JsonFrame("""{"MetaData":{"rpc_deadline_ms":null}}""")).Header.TimeLeftMs);
    }

    [Fact]
    public void A_structurally_bad_deadline_value_is_a_protocol_error_like_any_other_metadata_value()
    {
        var frame = GoRpcHeaderPathsTests.Frame(GoRpcMsgpackHeader((ref MessagePackWriter w) =>
        {
            w.WriteMapHeader(1);
            w.Write(MetadataKeys.Deadline);
            w.WriteArrayHeader(0);
        }));

        var msgpack = Assert.Throws<ProtocolException>(() => GoRpcFrameProtocolVectorTests.Decode(frame));
        var json = Assert.Throws<ProtocolException>(() => GoRpcFrameProtocolVectorTests.Decode(JsonFrame("""{"MetaData":{"rpc_deadline_ms":{"x":1}}}""")));

        Assert.Contains("the value of 'rpc_deadline_ms'", msgpack.Message);
        Assert.Contains("the value of 'rpc_deadline_ms'", json.Message);
    }

    [Fact]
    public void The_deadline_entry_does_not_count_against_the_metadata_entry_limit()
    {
        var header = AddRequest(new Metadata { ["a"] = "1", ["b"] = "2" }, timeLeftMs: 10);
        var limits = new FrameLimits { MaxMetadataEntries = 2 };
        var json = new MessageHeader();
        json.CopyFrom(header);
        json.HeaderFormat = HeaderFormat.Json;

        foreach (var frame in new[] { GoRpcFrameProtocolVectorTests.Encode(header, []), GoRpcFrameProtocolVectorTests.Encode(json, []) })
        {
            var buffer = new ReadOnlySequence<byte>(frame);
            Assert.True(Protocol.TryReadFrame(ref buffer, limits, out var read, out _));
            Assert.Equal((10L, 2), (read.TimeLeftMs, read.Metadata!.Count));
        }

        header.Metadata!["c"] = "3";
        var tooMany = new ReadOnlySequence<byte>(GoRpcFrameProtocolVectorTests.Encode(header, []));
        var error = Assert.Throws<ProtocolException>(() => Protocol.TryReadFrame(ref tooMany, limits, out _, out _));
        Assert.Equal("header field MetaData has 4 entries; the maximum is 2", error.Message);
    }

    [Fact]
    public void Repeated_headers_that_differ_only_in_seq_or_in_the_time_left_read_their_own_time_left()
    {
        var header = AddRequest(metadata: null, timeLeftMs: 5000);
        var reuse = new MessageHeader();
        foreach (var (seq, timeLeftMs) in new (ulong, long)[] { (1, 5000), (2, 5000), (3, 4999), (4, 4999), (5, 0), (6, 5000) })
        {
            header.Seq = seq;
            header.TimeLeftMs = timeLeftMs;
            var buffer = new ReadOnlySequence<byte>(GoRpcFrameProtocolVectorTests.Encode(header, [1]));

            Assert.True(Protocol.TryReadFrame(ref buffer, FrameLimits.Default, reuse, out var read, out _));

            Assert.Equal((seq, timeLeftMs), (read.Seq, read.TimeLeftMs));
            Assert.Null(read.Metadata);
        }
    }

    [Fact]
    public void A_header_reset_or_copied_takes_the_field_along()
    {
        var header = AddRequest(metadata: null, timeLeftMs: 42);
        var copy = new MessageHeader();

        copy.CopyFrom(header);
        Assert.Equal(42, copy.TimeLeftMs);
        copy.Reset();
        Assert.Equal(0, copy.TimeLeftMs);
    }

    private static MessageHeader AddRequest(Metadata? metadata, long timeLeftMs) => new()
    {
        Seq = 1,
        MessageType = MessageType.Request,
        SerializeType = SerializeTypes.MessagePack,
        ServiceName = "ArithService",
        MethodName = "Add",
        Metadata = metadata,
        TimeLeftMs = timeLeftMs,
    };

    /// <summary>The fast reader (whole frame) and the full one (the frame in 5-byte pieces).</summary>
    private static MessageHeader[] ReadBothWays(byte[] frame)
    {
        var whole = new ReadOnlySequence<byte>(frame);
        Assert.True(Protocol.TryReadFrame(ref whole, FrameLimits.Default, out var fast, out _));
        var split = GoRpcHeaderPathsTests.Split(frame);
        Assert.True(Protocol.TryReadFrame(ref split, FrameLimits.Default, out var full, out _));
        return [fast, full];
    }

    private static byte[] HeaderBytes(byte[] frame) => frame.AsSpan(11, BinaryPrimitives.ReadInt32BigEndian(frame.AsSpan(7))).ToArray();

    private delegate void MetadataWriter(ref MessagePackWriter writer);

    /// <summary>go-rpc's header for Add seq 1, as MessagePack-CSharp writes it, with the given MetaData value.</summary>
    private static byte[] GoRpcMsgpackHeader(MetadataWriter metadata)
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(output);
        writer.WriteMapHeader(9);
        writer.Write("Seq");
        writer.WriteUInt64(1);
        writer.Write("MessageType");
        writer.WriteUInt8(0);
        writer.Write("CompressType");
        writer.WriteUInt8(0);
        writer.Write("SerializeType");
        writer.WriteUInt8(SerializeTypes.MessagePack);
        writer.Write("StatusCode");
        writer.WriteUInt8(0);
        writer.Write("ServiceName");
        writer.Write("ArithService");
        writer.Write("MethodName");
        writer.Write("Add");
        writer.Write("Error");
        writer.Write(string.Empty);
        writer.Write("MetaData");
        metadata(ref writer);
        writer.Flush();
        return output.WrittenSpan.ToArray();
    }

    private static byte[] JsonFrame(string jsonHeader)
    {
        var header = Encoding.UTF8.GetBytes(jsonHeader);
        var frame = new byte[11 + header.Length];
        frame[0] = 0xab;
        frame[1] = 0xba;
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(3), 4 + header.Length);
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(7), header.Length);
        header.CopyTo(frame, 11);
        return frame;
    }
}
