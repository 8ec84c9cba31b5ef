using System.Buffers;
using System.Buffers.Binary;
using PlugRpc.Codec.Json;
using PlugRpc.Codec.MessagePack;
using PlugRpc.Codec.Protobuf;
using PlugRpc.Codecs;
using PlugRpc.Compression.Brotli;
using PlugRpc.Compression.Gzip;
using PlugRpc.Compression.Lz4;
using PlugRpc.Compression.Zstd;
using PlugRpc.Protocol;
using PlugRpc.Samples.Arith;
using PlugRpc.Tests.Fuzzing;

namespace PlugRpc.Fuzz;

/// <summary>
/// One target per reader of peer bytes. A target returns when the reader answered or refused as its contract says
/// (a <see cref="ProtocolException"/>, an InvalidArgument); anything else escapes and afl-fuzz records a crash,
/// and so does an answer past a limit (<see cref="LimitBroken"/>).
/// </summary>
internal static class FuzzTargets
{
    public const int MaxBodyLength = 64 * 1024;

    /// <summary>Small limits, so that the checks on them are within reach of short inputs.</summary>
    public static FrameLimits Limits => Readers.Limits;

    public static GoRpcFrameProtocol Protocol => Readers.Protocol;

    public static ICodec[] Codecs => Readers.Codecs;

    public static ICompressor[] Compressors => Readers.Compressors;

    public static readonly IReadOnlyDictionary<string, Action<byte[]>> All = new Dictionary<string, Action<byte[]>>
    {
        ["frame"] = Frames,
        ["msgpack-header"] = input => Frames(FrameAround(input)),
        ["json-header"] = input => Frames(FrameAround(input is [(byte)'{', ..] ? input : [(byte)'{', .. input])),
        ["msgpack"] = input => HostileDecoding.Decode(Codecs[0], input),
        ["json"] = input => HostileDecoding.Decode(Codecs[1], input),
        ["protobuf"] = input => HostileDecoding.Decode(Codecs[2], input),
        ["gzip"] = input => Inflate(Compressors[0], input),
        ["brotli"] = input => Inflate(Compressors[1], input),
        ["lz4"] = input => Inflate(Compressors[2], input),
        ["zstd"] = input => Inflate(Compressors[3], input),
    };

    /// <summary>Every frame in the input, in one segment and again cut in two where the first byte says.</summary>
    private static void Frames(byte[] input)
    {
        ReadAll(new ReadOnlySequence<byte>(input));
        if (input.Length > 1)
        {
            var cut = input[0] % input.Length;
            ReadAll(Segments.Split(input, [cut]));
        }
    }

    private static void ReadAll(ReadOnlySequence<byte> buffer)
    {
        try
        {
            while (Protocol.TryReadFrame(ref buffer, Limits, out var header, out var body))
            {
                if (body.Length > Limits.MaxFrameLength || (header.Metadata?.Count ?? 0) > Limits.MaxMetadataEntries)
                {
                    throw new LimitBroken($"accepted a body of {body.Length} bytes with {header.Metadata?.Count} metadata entries");
                }
            }
        }
        catch (ProtocolException)
        {
        }
    }

    /// <summary>The input as the header of a frame with an empty body.</summary>
    private static byte[] FrameAround(byte[] header)
    {
        var frame = new byte[GoRpcFrameProtocol.FixedLength + header.Length];
        BinaryPrimitives.WriteUInt16BigEndian(frame, GoRpcFrameProtocol.Magic);
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(3), 4 + header.Length);
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(7), header.Length);
        header.CopyTo(frame, GoRpcFrameProtocol.FixedLength);
        return frame;
    }

    private static void Inflate(ICompressor compressor, byte[] input)
    {
        var output = new ArrayBufferWriter<byte>();
        try
        {
            compressor.Decompress(new ReadOnlySequence<byte>(input), output, MaxBodyLength);
        }
        catch (RpcException ex) when (ex is ProtocolException || ex.StatusCode == RpcStatusCode.InvalidArgument)
        {
        }

        if (output.WrittenCount > MaxBodyLength)
        {
            throw new LimitBroken($"{compressor.Name} wrote {output.WrittenCount} bytes past the limit of {MaxBodyLength}");
        }
    }
}

/// <summary>
/// The readers, made on first use: instrumented code may run only once SharpFuzz has set up afl-fuzz's shared
/// memory, never in a static initializer that runs before.
/// </summary>
internal static class Readers
{
    public static readonly FrameLimits Limits = new() { MaxFrameLength = 4096, MaxHeaderLength = 1024, MaxMetadataEntries = 4 };

    public static readonly GoRpcFrameProtocol Protocol = new();

    public static readonly ICodec[] Codecs = [new MessagePackCodec(), new JsonCodec(), new ProtobufCodec()];

    public static readonly ICompressor[] Compressors = [new GzipCompressor(), new BrotliCompressor(), new Lz4Compressor(), new ZstdCompressor()];
}

/// <summary>A reader answered past one of its limits.</summary>
internal sealed class LimitBroken(string message) : Exception(message);
