using System.Buffers;
using System.IO.Compression;
using PlugRpc.Codecs;
using PlugRpc.Compression.Brotli;
using PlugRpc.Compression.Gzip;
using PlugRpc.Compression.Lz4;
using PlugRpc.Compression.Zstd;
using PlugRpc.Protocol;

namespace PlugRpc.Plugins.Tests;

public sealed class CompressorTests
{
    public static TheoryData<string> Names => new() { "gzip", "brotli", "lz4", "zstd" };

    [Theory]
    [MemberData(nameof(Names))]
    public void Round_trips_and_shrinks_repetitive_data(string name)
    {
        var compressor = Create(name, CompressionLevel.Fastest);
        var data = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("PlugRpc speaks go-rpc. ", 5000)));

        var packed = Compress(compressor, data);
        var unpacked = new ArrayBufferWriter<byte>();
        compressor.Decompress(new ReadOnlySequence<byte>(packed), unpacked, data.Length);

        Assert.True(packed.Length < data.Length / 10, $"{name}: {packed.Length} bytes from {data.Length}");
        Assert.Equal(data, unpacked.WrittenSpan.ToArray());
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Refuses_to_inflate_past_the_limit(string name)
    {
        var compressor = Create(name, CompressionLevel.SmallestSize);
        var packed = Compress(compressor, new byte[4 * 1024 * 1024]);

        var error = Assert.Throws<ProtocolException>(() => compressor.Decompress(new ReadOnlySequence<byte>(packed), new ArrayBufferWriter<byte>(), 100_000));

        Assert.Equal($"{name} body decompresses to more than the limit of 100000 bytes", error.Message);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Garbage_is_an_invalid_argument_naming_the_format(string name)
    {
        var compressor = Create(name, CompressionLevel.Fastest);

        var error = Assert.ThrowsAny<RpcException>(() =>
            compressor.Decompress(new ReadOnlySequence<byte>("definitely not compressed data at all"u8.ToArray()), new ArrayBufferWriter<byte>(), 1_000_000));

        Assert.Contains(name, error.Message);
    }

    [Fact]
    public void Each_has_its_own_wire_number()
    {
        Assert.Equal(
            [CompressTypes.Gzip, CompressTypes.Brotli, CompressTypes.Lz4, CompressTypes.Zstd],
            new[] { "gzip", "brotli", "lz4", "zstd" }.Select(n => Create(n, CompressionLevel.Fastest).CompressType));
    }

    private static ICompressor Create(string name, CompressionLevel level) => name switch
    {
        "gzip" => new GzipCompressor(level),
        "brotli" => new BrotliCompressor(level),
        "lz4" => new Lz4Compressor(level),
        _ => new ZstdCompressor(level),
    };

    private static byte[] Compress(ICompressor compressor, byte[] data)
    {
        var output = new ArrayBufferWriter<byte>();
        compressor.Compress(new ReadOnlySequence<byte>(data), output);
        return output.WrittenSpan.ToArray();
    }
}
