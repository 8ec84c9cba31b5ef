using System.Buffers;
using PlugRpc.Buffers;
using PlugRpc.Codecs;
using PlugRpc.Protocol;

namespace PlugRpc.Core.Tests.Buffers;

public sealed class PooledFrameTests
{
    [Fact]
    public void A_frame_given_back_comes_out_again_empty()
    {
        var used = Fill(PooledFrame.Rent(), 40_000);
        used.Dispose();

        var again = RentUntil(used);

        Assert.Equal(0, again.Body.WrittenCount);
        Assert.Equal(0, again.Payload.Length);
        Assert.Equal((0UL, string.Empty, string.Empty, WireStatus.Ok, (byte)0), (again.Header.Seq, again.Header.ServiceName, again.Header.Error, again.Header.StatusCode, again.Header.CompressType));
        Assert.Null(again.Header.Metadata);
        Fill(again, 300);
        Assert.Equal(300, again.Payload.Length);
    }

    [Fact]
    public void A_frame_given_back_twice_is_pooled_once()
    {
        var frame = PooledFrame.Rent();
        frame.Dispose();
        frame.Dispose();

        var rented = Enumerable.Range(0, 5000).Select(_ => PooledFrame.Rent()).ToList();
        rented.ForEach(f => f.Dispose());

        Assert.Single(rented, f => ReferenceEquals(f, frame));
    }

    [Fact]
    public void Compressing_makes_the_payload_the_compressed_body_and_clearing_drops_both()
    {
        var frame = Fill(PooledFrame.Rent(), 1000);

        frame.Compress(new FirstBytes(10));
        var compressed = frame.Payload.ToArray();
        frame.ClearPayload();

        Assert.Empty(frame.Payload.ToArray());
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (byte)i), compressed);
    }

    private static PooledFrame Fill(PooledFrame frame, int bytes)
    {
        frame.Header.Seq = 7;
        frame.Header.ServiceName = "Arith";
        frame.Header.Error = "boom";
        frame.Header.StatusCode = WireStatus.Error;
        frame.Header.CompressType = 2;
        frame.Header.Metadata = new Metadata { ["k"] = "v" };
        frame.Body.Write(new ReadOnlySequence<byte>(Enumerable.Range(0, bytes).Select(i => (byte)i).ToArray()));
        return frame;
    }

    /// <summary>The pool is shared by the whole process: other tests may take and return frames meanwhile.</summary>
    private static PooledFrame RentUntil(PooledFrame wanted)
    {
        var taken = new List<PooledFrame>();
        try
        {
            for (var i = 0; i < 10_000; i++)
            {
                var frame = PooledFrame.Rent();
                if (ReferenceEquals(frame, wanted))
                {
                    return frame;
                }

                taken.Add(frame);
            }

            throw new InvalidOperationException("the frame given back never came out of the pool");
        }
        finally
        {
            taken.ForEach(f => f.Dispose());
        }
    }

    /// <summary>"Compresses" to the first few bytes, so the test can tell the payload is the compressed one.</summary>
    private sealed class FirstBytes(int count) : ICompressor
    {
        public string Name => "first-bytes";

        public byte CompressType => 99;

        public void Compress(in ReadOnlySequence<byte> input, IBufferWriter<byte> output) => output.Write(input.Slice(0, count).ToArray());

        public void Decompress(in ReadOnlySequence<byte> input, IBufferWriter<byte> output, int maxLength) => throw new NotSupportedException();
    }
}
