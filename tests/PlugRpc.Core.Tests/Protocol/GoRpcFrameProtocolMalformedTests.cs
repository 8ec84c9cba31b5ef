using System.Buffers;
using System.Buffers.Binary;
using MessagePack;
using PlugRpc.Protocol;

namespace PlugRpc.Core.Tests.Protocol;

public sealed class GoRpcFrameProtocolMalformedTests
{
    private static readonly GoRpcFrameProtocol Protocol = new();

    [Fact]
    public void Wrong_magic_is_refused_from_the_first_two_bytes()
    {
        var error = Refused("GE"u8.ToArray());

        Assert.Equal("bad magic 0x4745 (expected 0xABBA): not a go-rpc frame", error.Message);
    }

    [Fact]
    public void Wrong_version_is_refused()
    {
        var error = Refused([0xab, 0xba, 0x03]);

        Assert.Equal("unsupported protocol version 3 (expected 0)", error.Message);
    }

    [Fact]
    public void A_claimed_length_over_the_limit_is_refused_with_only_the_fixed_bytes_present()
    {
        var error = Refused(Fixed(total: int.MaxValue, header: 10));

        Assert.Equal($"frame length 2147483647 is outside 4..{FrameLimits.DefaultMaxFrameLength} (the configured maximum frame length)", error.Message);
    }

    [Fact]
    public void The_configured_limit_applies()
    {
        var limits = new FrameLimits { MaxFrameLength = 100 };

        var error = Assert.Throws<ProtocolException>(() => TryRead(Fixed(total: 101, header: 10), limits));

        Assert.Contains("outside 4..100", error.Message);
    }

    [Fact]
    public void A_length_below_four_is_refused()
    {
        Assert.Contains("frame length 3 is outside", Refused(Fixed(total: 3, header: 1)).Message);
    }

    [Fact]
    public void A_header_longer_than_the_frame_is_refused()
    {
        Assert.Equal("header length 100 does not fit a frame of length 20", Refused(Fixed(total: 20, header: 100)).Message);
    }

    [Fact]
    public void A_header_over_the_header_limit_is_refused()
    {
        var limits = new FrameLimits { MaxHeaderLength = 50 };

        var error = Assert.Throws<ProtocolException>(() => TryRead(Fixed(total: 1000, header: 60), limits));

        Assert.Equal("header length 60 exceeds the maximum of 50", error.Message);
    }

    [Fact]
    public void A_header_that_is_not_a_map_is_refused()
    {
        Assert.Equal("frame header is not a msgpack map (found array)", Refused(WithHeader([0x92, 0x01, 0x02])).Message);
    }

    [Fact]
    public void A_string_where_Seq_belongs_is_refused_naming_the_field()
    {
        var header = Msgpack((ref MessagePackWriter w) =>
        {
            w.WriteMapHeader(1);
            w.Write("Seq");
            w.Write("one");
        });

        Assert.Equal("header field Seq: expected an integer, got string", Refused(WithHeader(header)).Message);
    }

    [Fact]
    public void A_truncated_header_is_refused()
    {
        var header = Msgpack((ref MessagePackWriter w) =>
        {
            w.WriteMapHeader(9);
            w.Write("Seq");
        });

        Assert.StartsWith("frame header is not valid msgpack", Refused(WithHeader(header)).Message);
    }

    [Theory]
    [InlineData(new byte[] { 0x81, 0xab, 0x53, 0x65, 0x72, 0x76, 0x69, 0x63, 0x65, 0x4e, 0x61, 0x6d, 0x65, 0xdb, 0xff, 0xff, 0xff, 0xff, 0x41 })]
    [InlineData(new byte[] { 0x81, 0xa1, 0x58, 0xc6, 0x80, 0x00, 0x00, 0x00, 0x01 })]
    public void A_string_or_binary_claiming_two_gigabytes_or_more_is_refused(byte[] header)
    {
        Assert.Equal(
            "frame header is not valid msgpack: a string or binary claims a length past the header's end",
            Refused(WithHeader(header)).Message);
    }

    [Fact]
    public void Bytes_after_the_header_map_are_refused()
    {
        var header = Msgpack((ref MessagePackWriter w) =>
        {
            w.WriteMapHeader(0);
            w.Write(7);
        });

        Assert.Equal("frame header has 1 bytes after its map", Refused(WithHeader(header)).Message);
    }

    [Fact]
    public void Too_many_metadata_entries_are_refused()
    {
        var header = Msgpack((ref MessagePackWriter w) =>
        {
            w.WriteMapHeader(1);
            w.Write("MetaData");
            w.WriteMapHeader(3);
            for (var i = 0; i < 3; i++)
            {
                w.Write($"k{i}");
                w.Write("v");
            }
        });

        var error = Assert.Throws<ProtocolException>(() => TryRead(WithHeader(header), new FrameLimits { MaxMetadataEntries = 2 }));

        Assert.Equal("header field MetaData has 3 entries; the maximum is 2", error.Message);
    }

    [Fact]
    public void An_unknown_message_type_is_refused()
    {
        var header = Msgpack((ref MessagePackWriter w) =>
        {
            w.WriteMapHeader(1);
            w.Write("MessageType");
            w.Write(9);
        });

        Assert.Equal("header field MessageType: 9 is out of range (0..2)", Refused(WithHeader(header)).Message);
    }

    [Fact]
    public void Reading_is_lenient_about_widths_order_unknown_keys_and_scalar_metadata()
    {
        var header = Msgpack((ref MessagePackWriter w) =>
        {
            w.WriteMapHeader(5);
            w.Write("MethodName");
            w.Write("Add");
            w.Write("Seq");
            w.Write(7);
            w.Write("Extra");
            w.WriteArrayHeader(1);
            w.Write(true);
            w.Write("ServiceName");
            w.WriteNil();
            w.Write("MetaData");
            w.WriteMapHeader(4);
            w.Write("n");
            w.Write(-5);
            w.Write("b");
            w.Write(true);
            w.Write("f");
            w.Write(1.5);
            w.Write("gone");
            w.WriteNil();
        });
        var buffer = new ReadOnlySequence<byte>(WithHeader(header));

        Assert.True(Protocol.TryReadFrame(ref buffer, FrameLimits.Default, out var decoded, out _));

        Assert.Equal(7UL, decoded.Seq);
        Assert.Equal("Add", decoded.MethodName);
        Assert.Equal(string.Empty, decoded.ServiceName);
        Assert.Equal(["n=-5", "b=true", "f=1.5"], decoded.Metadata!.Select(p => $"{p.Key}={p.Value}"));
    }

    private static ProtocolException Refused(byte[] bytes) => Assert.Throws<ProtocolException>(() => TryRead(bytes, FrameLimits.Default));

    private static bool TryRead(byte[] bytes, FrameLimits limits)
    {
        var buffer = new ReadOnlySequence<byte>(bytes);
        return Protocol.TryReadFrame(ref buffer, limits, out _, out _);
    }

    private static byte[] Fixed(int total, int header)
    {
        var bytes = new byte[11];
        bytes[0] = 0xab;
        bytes[1] = 0xba;
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(3), total);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(7), header);
        return bytes;
    }

    private static byte[] WithHeader(byte[] header) => [.. Fixed(total: 4 + header.Length, header: header.Length), .. header];

    private delegate void WriteHeader(ref MessagePackWriter writer);

    private static byte[] Msgpack(WriteHeader write)
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(output);
        write(ref writer);
        writer.Flush();
        return output.WrittenSpan.ToArray();
    }
}
