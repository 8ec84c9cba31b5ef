using System.Buffers;
using System.Buffers.Binary;
using PlugRpc.Codecs;
using PlugRpc.Protocol;
using PlugRpc.Samples.Arith;
using PlugRpc.Tests.Fuzzing;

namespace PlugRpc.Fuzz;

/// <summary>Each target's first corpus, made from go-rpc's captured frames: the frames, their headers, their bodies in each codec, compressed.</summary>
internal static class Corpus
{
    public static int Write(string target, string directory, string vectors)
    {
        var frames = Directory.GetFiles(vectors, "*.bin").Order().Select(File.ReadAllBytes).ToList();
        if (frames.Count == 0)
        {
            throw new ArgumentException($"no .bin frames in {vectors}");
        }

        var seeds = Seeds(target, frames).Where(s => s.Length > 0).DistinctBy(Convert.ToHexString).ToList();
        Directory.CreateDirectory(directory);
        for (var i = 0; i < seeds.Count; i++)
        {
            File.WriteAllBytes(Path.Combine(directory, $"seed{i:D3}"), seeds[i]);
        }

        return seeds.Count;
    }

    private static IEnumerable<byte[]> Seeds(string target, List<byte[]> frames)
    {
        var json = frames.Select(AsJsonHeaderFrame).ToList();
        return target switch
        {
            "frame" => [.. frames, .. json, [.. frames[0], .. json[^1]]],
            "msgpack-header" => frames.Select(Header),
            "json-header" => json.Select(Header),
            "msgpack" => Bodies(FuzzTargets.Codecs[0], frames),
            "json" => Bodies(FuzzTargets.Codecs[1], frames),
            "protobuf" => Bodies(FuzzTargets.Codecs[2], frames),
            _ => Compressed(FuzzTargets.Compressors.Single(c => c.Name == target), frames),
        };
    }

    private static byte[] Header(byte[] frame) =>
        frame.AsSpan(GoRpcFrameProtocol.FixedLength, BinaryPrimitives.ReadInt32BigEndian(frame.AsSpan(7))).ToArray();

    private static (MessageHeader Header, byte[] Body) Read(byte[] frame)
    {
        var buffer = new ReadOnlySequence<byte>(frame);
        if (!FuzzTargets.Protocol.TryReadFrame(ref buffer, FrameLimits.Default, out var header, out var body))
        {
            throw new ArgumentException("a vector is not a whole frame");
        }

        return (header, body.ToArray());
    }

    private static byte[] AsJsonHeaderFrame(byte[] frame)
    {
        var (header, body) = Read(frame);
        header.HeaderFormat = HeaderFormat.Json;
        var output = new ArrayBufferWriter<byte>();
        FuzzTargets.Protocol.WriteFrame(output, header, new ReadOnlySequence<byte>(body));
        return output.WrittenSpan.ToArray();
    }

    /// <summary>The requests and responses of the vectors and a body of every shape, in the codec's encoding.</summary>
    private static IEnumerable<byte[]> Bodies(ICodec codec, List<byte[]> frames)
    {
        var msgpack = FuzzTargets.Codecs[0];
        foreach (var (header, body) in frames.Select(Read).Where(f => f.Header.MessageType != MessageType.Heartbeat && f.Body.Length > 0))
        {
            var sequence = new ReadOnlySequence<byte>(body);
            yield return header.MessageType == MessageType.Request
                ? Encode(codec, msgpack.Deserialize<ArithRequest>(sequence))
                : Encode(codec, msgpack.Deserialize<ArithResponse>(sequence));
        }

        yield return Encode(codec, SampleBody.Full);
        yield return Encode(codec, new SampleBody { Child = SampleBody.Full });
    }

    /// <summary>The vectors' frames and bodies compressed, and a bomb: a megabyte of zeros.</summary>
    private static IEnumerable<byte[]> Compressed(ICompressor compressor, List<byte[]> frames) =>
        [.. frames.Select(f => Compress(compressor, f)), .. frames.Select(f => Compress(compressor, Read(f).Body)), Compress(compressor, new byte[1024 * 1024])];

    private static byte[] Encode<T>(ICodec codec, T value)
    {
        var output = new ArrayBufferWriter<byte>();
        codec.Serialize(output, value);
        return output.WrittenSpan.ToArray();
    }

    private static byte[] Compress(ICompressor compressor, byte[] data)
    {
        var output = new ArrayBufferWriter<byte>();
        compressor.Compress(new ReadOnlySequence<byte>(data), output);
        return output.WrittenSpan.ToArray();
    }
}
