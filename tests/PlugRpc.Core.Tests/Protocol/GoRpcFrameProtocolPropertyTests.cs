using System.Buffers;
using System.Buffers.Binary;
using CsCheck;
using PlugRpc.Protocol;
using PlugRpc.Tests.Fuzzing;

namespace PlugRpc.Core.Tests.Protocol;

/// <summary>
/// go-rpc's frames from the wire, mutated and random, with msgpack and JSON headers: the reader answers a frame, asks
/// for more bytes or refuses with a <see cref="ProtocolException"/>; it decides the same whatever the segments and
/// whether it reuses a header; what it accepts is within the limits; what it allocates follows the bytes present,
/// never the lengths and counts they claim.
/// </summary>
public sealed class GoRpcFrameProtocolPropertyTests
{
    /// <summary>Offsets of the total-length and header-length fields.</summary>
    private static readonly int[] LengthFields = [3, 7];

    private static readonly GoRpcFrameProtocol Protocol = new();

    private static readonly byte[][] Seeds = [.. Vectors.All.Select(Vectors.Read), .. Vectors.All.Select(v => AsJson(Vectors.Read(v))), WithMetadata(HeaderFormat.MessagePack), WithMetadata(HeaderFormat.Json)];

    private static readonly Gen<FrameLimits> Limits = Gen.Frequency(
        (1, Gen.Const(FrameLimits.Default)),
        (1, Gen.Select(Gen.Int[4, 400], Gen.Int[1, 300], Gen.Int[0, 3], (frame, header, entries) =>
            new FrameLimits { MaxFrameLength = frame, MaxHeaderLength = header, MaxMetadataEntries = entries })));

    [Fact]
    public void Hostile_frames_are_read_or_refused_with_a_protocol_error_whatever_the_segments()
    {
        Gen.Select(HostileBytes.Any(Seeds, LengthFields), Gen.Int.NonNegative.Array[1, 3], Limits).Sample(
            (bytes, cuts, limits) =>
            {
                var whole = Comparable(ReadAll(new ReadOnlySequence<byte>(bytes), limits, reuse: null));
                Assert.Equal(whole, Comparable(ReadAll(Segments.Split(bytes, cuts), limits, reuse: null)));
                Assert.Equal(whole, Comparable(ReadAll(new ReadOnlySequence<byte>(bytes), limits, reuse: new MessageHeader { ServiceName = "stale", Seq = 99 })));
            },
            iter: 4000);
    }

    [Fact]
    public void Every_prefix_of_a_good_frame_asks_for_more_bytes()
    {
        foreach (var seed in Seeds)
        {
            for (var length = 0; length < seed.Length; length++)
            {
                var prefix = seed[..length];
                Assert.Equal(["more"], ReadAll(new ReadOnlySequence<byte>(prefix), FrameLimits.Default, reuse: null));
                Assert.Equal(["more"], ReadAll(Segments.Split(prefix, [length / 2]), FrameLimits.Default, reuse: null));
            }
        }
    }

    [Fact]
    public void Hostile_frames_allocate_in_proportion_to_the_bytes_present()
    {
        HostileBytes.Any(Seeds, LengthFields).Sample(
            bytes =>
            {
                // Once to warm up what a first read of its kind sets up (caches, type loading), then measured.
                ReadAll(new ReadOnlySequence<byte>(bytes), FrameLimits.Default, reuse: null);
                var allocated = Allocations.Of(() => ReadAll(new ReadOnlySequence<byte>(bytes), FrameLimits.Default, reuse: null));
                Assert.True(allocated <= Budget(bytes.Length), $"{allocated} bytes allocated reading {bytes.Length}");
            },
            iter: 2000);
    }

    public static TheoryData<string, byte[]> HugeClaims => new()
    {
        { "a frame of the maximum length, 100 bytes of it present", Frame(FrameLimits.DefaultMaxFrameLength, 20, new byte[89]) },
        { "a header of the maximum length, its first bytes present", Frame(1 << 20, 64 * 1024, [0x89, 0xa3, .. "Seq"u8]) },
        { "a header map of 2^32-1 fields", WithHeader([0xdf, 0xff, 0xff, 0xff, 0xff, 0xa3, .. "Seq"u8, 0x01]) },
        { "a metadata map of 65535 entries", WithHeader([0x81, 0xa8, .. "MetaData"u8, 0xde, 0xff, 0xff, 0xa1, (byte)'k', 0xa1, (byte)'v']) },
        { "metadata of 2^32-1 entries", WithHeader([0x81, 0xa8, .. "MetaData"u8, 0xdf, 0xff, 0xff, 0xff, 0xff, 0xa1, (byte)'k', 0xa1, (byte)'v']) },
        { "a service name of 2^32-1 bytes", WithHeader([0x81, 0xab, .. "ServiceName"u8, 0xdb, 0xff, 0xff, 0xff, 0xff, (byte)'A']) },
        { "an unknown field holding an array of 2^32-1", WithHeader([0x81, 0xa1, (byte)'X', 0xdd, 0xff, 0xff, 0xff, 0xff, 0x01]) },
        { "an unknown field holding binary of 2^32-1 bytes", WithHeader([0x81, 0xa1, (byte)'X', 0xc6, 0xff, 0xff, 0xff, 0xff, 0x01]) },
        { "a JSON header nested past its depth", WithHeader([.. "{\"X\":"u8, .. Enumerable.Repeat((byte)'[', 5000)]) },
        { "a JSON metadata object of many entries", WithHeader([.. "{\"MetaData\":{"u8, .. string.Join(',', Enumerable.Range(0, 2000).Select(i => $"\"k{i}\":1")).Select(c => (byte)c), .. "}}"u8]) },
    };

    [Theory]
    [MemberData(nameof(HugeClaims))]
    public void A_claim_of_a_huge_length_or_count_is_refused_or_waited_for_without_allocating_it(string what, byte[] frame)
    {
        var outcome = ReadAll(new ReadOnlySequence<byte>(frame), FrameLimits.Default, reuse: null);
        var allocated = Allocations.Of(() => ReadAll(new ReadOnlySequence<byte>(frame), FrameLimits.Default, reuse: null));

        Assert.True(outcome is ["more"] || outcome[^1].StartsWith("refused", StringComparison.Ordinal), $"{what}: {string.Join(" | ", outcome)}");
        Assert.True(allocated <= Budget(frame.Length), $"{what}: {allocated} bytes allocated reading {frame.Length}");
    }

    /// <summary>A fixed sum for a header and an exception, and a few times the bytes present for their strings and copies.</summary>
    private static long Budget(int length) => (16 * 1024) + (8L * length);

    /// <summary>
    /// Reads frames until the reader asks for more bytes or refuses: each frame as its fields and body, then "more"
    /// or "refused: …". Any other exception escapes; so does an accepted frame outside the limits.
    /// </summary>
    private static List<string> ReadAll(ReadOnlySequence<byte> buffer, FrameLimits limits, MessageHeader? reuse)
    {
        var outcome = new List<string>();
        try
        {
            while (Protocol.TryReadFrame(ref buffer, limits, reuse, out var header, out var body))
            {
                Assert.InRange(body.Length, 0, limits.MaxFrameLength);
                Assert.InRange(header.Metadata?.Count ?? 0, 0, limits.MaxMetadataEntries);
                outcome.Add($"{header} {header.HeaderFormat} {header.TimeLeftMs} [{string.Join(",", header.Metadata ?? [])}] {Convert.ToHexString(body.ToArray())}");
            }

            outcome.Add("more");
        }
        catch (ProtocolException ex)
        {
            outcome.Add($"refused: {ex.Message}");
        }

        return outcome;
    }

    /// <summary>System.Text.Json quotes a bad literal as far as the segment it sits in goes: its text is left out of the comparison.</summary>
    private static List<string> Comparable(List<string> outcome) =>
        [.. outcome.Select(o => o.StartsWith(InvalidJson, StringComparison.Ordinal) ? InvalidJson : o)];

    private const string InvalidJson = "refused: JSON frame header is not valid JSON";

    private static byte[] AsJson(byte[] frame)
    {
        var (header, body) = GoRpcFrameProtocolVectorTests.Decode(frame);
        header.HeaderFormat = HeaderFormat.Json;
        return GoRpcFrameProtocolVectorTests.Encode(header, body);
    }

    /// <summary>A request with several metadata entries and a deadline, for the metadata limits to bite on.</summary>
    private static byte[] WithMetadata(HeaderFormat format) => GoRpcFrameProtocolVectorTests.Encode(
        new MessageHeader
        {
            HeaderFormat = format,
            Seq = 7,
            ServiceName = "ArithService",
            MethodName = "Mul",
            TimeLeftMs = 1500,
            Metadata = new Metadata { ["rpc_auth"] = "hello01", ["tag"] = "blue", ["traceparent"] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" },
        },
        [0x82, 0xa1, 0x41, 0x05, 0xa1, 0x42, 0x06]);

    private static byte[] WithHeader(byte[] header) => Frame(4 + header.Length, header.Length, header);

    private static byte[] Frame(int total, int headerLength, byte[] rest)
    {
        var bytes = new byte[11 + rest.Length];
        bytes[0] = 0xab;
        bytes[1] = 0xba;
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(3), total);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(7), headerLength);
        rest.CopyTo(bytes, 11);
        return bytes;
    }
}
