using System.Buffers;
using PlugRpc.Protocol;

namespace PlugRpc.Codecs;

/// <summary>
/// A compressor built on a compression stream (gzip, Brotli, LZ4 frames, Zstandard …): a plugin supplies the two
/// streams, this class moves the bytes and enforces the decompressed-size limit as it goes, so a small
/// "zip bomb" body is refused before it can grow past the limit.
/// </summary>
public abstract class StreamCompressor : ICompressor
{
    private const int ChunkSize = 16 * 1024;

    public abstract string Name { get; }

    public abstract byte CompressType { get; }

    public void Compress(in ReadOnlySequence<byte> input, IBufferWriter<byte> output)
    {
        using var sink = new BufferWriterStream(output);
        using (var compressor = CreateCompressor(sink))
        {
            foreach (var segment in input)
            {
                compressor.Write(segment.Span);
            }
        }
    }

    public void Decompress(in ReadOnlySequence<byte> input, IBufferWriter<byte> output, int maxLength)
    {
        using var source = new SequenceStream(input);
        try
        {
            using var decompressor = CreateDecompressor(source);
            var total = 0;
            while (true)
            {
                var span = output.GetSpan(ChunkSize);
                var read = decompressor.Read(span[..Math.Min(span.Length, ChunkSize)]);
                if (read == 0)
                {
                    return;
                }

                total += read;
                if (total > maxLength)
                {
                    throw new ProtocolException($"{Name} body decompresses to more than the limit of {maxLength} bytes");
                }

                output.Advance(read);
            }
        }
        catch (Exception ex) when (ex is not RpcException and not OutOfMemoryException)
        {
            throw new RpcException(RpcStatusCode.InvalidArgument, $"the body is not valid {Name} data: {ex.Message}", ex);
        }
    }

    /// <summary>A stream that compresses what is written to it into <paramref name="output"/>; disposing it finishes.</summary>
    protected abstract Stream CreateCompressor(Stream output);

    /// <summary>A stream that reads decompressed bytes out of <paramref name="input"/>.</summary>
    protected abstract Stream CreateDecompressor(Stream input);

    /// <summary>Write-only stream into an <see cref="IBufferWriter{T}"/>.</summary>
    private sealed class BufferWriterStream(IBufferWriter<byte> output) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Write(ReadOnlySpan<byte> buffer) => output.Write(buffer);

        public override void Write(byte[] buffer, int offset, int count) => output.Write(buffer.AsSpan(offset, count));

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }

    /// <summary>Read-only stream over a <see cref="ReadOnlySequence{T}"/>.</summary>
    private sealed class SequenceStream(ReadOnlySequence<byte> source) : Stream
    {
        private ReadOnlySequence<byte> remaining = source;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(Span<byte> buffer)
        {
            var count = (int)Math.Min(buffer.Length, remaining.Length);
            remaining.Slice(0, count).CopyTo(buffer);
            remaining = remaining.Slice(count);
            return count;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
