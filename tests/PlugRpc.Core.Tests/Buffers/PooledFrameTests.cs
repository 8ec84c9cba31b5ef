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
    public void A_thread_whose_own_stack_is_full_keeps_the_frames_it_gave_back_last()
    {
        var result = OnNewThread(() =>
        {
            var frames = Enumerable.Range(0, 160).Select(_ => PooledFrame.Around(new MessageHeader())).ToList();
            frames.ForEach(f => f.Dispose());
            var taken = Enumerable.Range(0, 128).Select(_ => PooledFrame.Rent()).ToList();
            return (frames, taken);
        });

        var newestFirst = Enumerable.Reverse(result.frames).Take(128);
        Assert.Equal(newestFirst, result.taken);
    }

    [Fact]
    public void Frames_one_thread_has_too_many_of_go_to_another_through_the_shared_stack()
    {
        var emptied = Enumerable.Range(0, 600).Select(_ => PooledFrame.Rent()).ToList();
        try
        {
            var spilled = OnNewThread(() =>
            {
                var frames = Enumerable.Range(0, 129).Select(_ => PooledFrame.Around(new MessageHeader())).ToList();
                frames.ForEach(f => f.Dispose());
                return frames.Take(32).ToHashSet();
            });

            var elsewhere = OnNewThread(() => Enumerable.Range(0, 32).Select(_ => PooledFrame.Rent()).ToList());

            // Other tests share the pool and may trade frames meanwhile; nearly all must be the spilled ones.
            Assert.True(elsewhere.Count(spilled.Contains) >= 24, $"{elsewhere.Count(spilled.Contains)} of 32 came from the other thread");
        }
        finally
        {
            emptied.ForEach(f => f.Dispose());
        }
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

    private static T OnNewThread<T>(Func<T> work)
    {
        var result = default(T);
        var thread = new Thread(() => result = work());
        thread.Start();
        thread.Join();
        return result!;
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
