using System.Buffers;
using System.IO.Compression;
using CsCheck;
using PlugRpc.Codecs;
using PlugRpc.Compression.Brotli;
using PlugRpc.Compression.Gzip;
using PlugRpc.Compression.Lz4;
using PlugRpc.Compression.Zstd;
using PlugRpc.Protocol;
using PlugRpc.Tests.Fuzzing;

namespace PlugRpc.Plugins.Tests;

/// <summary>
/// Each decompressor on hostile bodies (real compressed bodies and bombs, mutated, and random bytes): it writes at
/// most the limit it is given, refuses past it with the ProtocolException its contract names, refuses anything
/// else as an InvalidArgument, and allocates nothing past the output the limit allows but a fixed working state.
/// </summary>
public sealed class CompressorPropertyTests
{
    private const int Chunk = 16 * 1024;

    /// <summary>
    /// What a decompressor may allocate besides the output it was given room for: a fixed sum for the exception and
    /// the stream (their buffers come from pools), never anything in proportion to what the body claims to inflate to.
    /// </summary>
    private const long WorkingState = 64 * 1024;

    public static TheoryData<string> Names => new() { "gzip", "brotli", "lz4", "zstd" };

    [Theory]
    [MemberData(nameof(Names))]
    public void Hostile_bodies_inflate_within_the_limit_or_are_refused(string name)
    {
        var compressor = Create(name);
        Gen.Select(HostileBytes.Any(Seeds(compressor)), Gen.Int[0, 3].Select(i => new[] { 0, 100, 4096, 64 * 1024 }[i])).Sample(
            (body, maxLength) =>
            {
                Inflates(compressor, body, maxLength, new ArrayBufferWriter<byte>(maxLength + Chunk));
                var output = new ArrayBufferWriter<byte>(maxLength + Chunk);
                var allocated = Allocations.Of(() => Inflates(compressor, body, maxLength, output));
                Assert.True(allocated <= WorkingState, $"{name}: {allocated} bytes allocated inflating {body.Length} with a limit of {maxLength}");
            },
            iter: 300);
    }

    private static void Inflates(ICompressor compressor, byte[] body, int maxLength, ArrayBufferWriter<byte> output)
    {
        try
        {
            compressor.Decompress(new ReadOnlySequence<byte>(body), output, maxLength);
            Assert.InRange(output.WrittenCount, 0, maxLength);
        }
        catch (ProtocolException ex)
        {
            Assert.Equal($"{compressor.Name} body decompresses to more than the limit of {maxLength} bytes", ex.Message);
        }
        catch (RpcException ex)
        {
            Assert.Equal(RpcStatusCode.InvalidArgument, ex.StatusCode);
            Assert.StartsWith($"the body is not valid {compressor.Name} data", ex.Message, StringComparison.Ordinal);
        }
    }

    /// <summary>go-rpc's bodies, text, and bombs: a megabyte of zeros, and of one repeated byte, in a few bytes each.</summary>
    private static byte[][] Seeds(ICompressor compressor) =>
    [
        Compress(compressor, [0x82, 0xa1, 0x41, 0xd3, 0, 0, 0, 0, 0, 0, 0, 1, 0xa1, 0x42, 0xd3, 0, 0, 0, 0, 0, 0, 0, 2]),
        Compress(compressor, System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("PlugRpc speaks go-rpc. ", 200)))),
        Compress(compressor, new byte[1024 * 1024]),
        Compress(compressor, [.. Enumerable.Repeat((byte)0x41, 1024 * 1024)]),
        Compress(compressor, []),
    ];

    private static byte[] Compress(ICompressor compressor, byte[] data)
    {
        var output = new ArrayBufferWriter<byte>();
        compressor.Compress(new ReadOnlySequence<byte>(data), output);
        return output.WrittenSpan.ToArray();
    }

    private static ICompressor Create(string name) => name switch
    {
        "gzip" => new GzipCompressor(CompressionLevel.SmallestSize),
        "brotli" => new BrotliCompressor(CompressionLevel.SmallestSize),
        "lz4" => new Lz4Compressor(CompressionLevel.SmallestSize),
        _ => new ZstdCompressor(CompressionLevel.SmallestSize),
    };
}
