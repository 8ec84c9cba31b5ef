using System.Buffers;
using PlugRpc.Buffers;

namespace PlugRpc.Core.Tests.Buffers;

public sealed class PooledBufferWriterTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(200)]
    [InlineData(16 * 1024)]
    [InlineData(65_541)]
    [InlineData(300_000)]
    public void What_is_written_in_pieces_of_any_size_reads_back_whole(int total)
    {
        var expected = new byte[total];
        new Random(total).NextBytes(expected);
        using var writer = new PooledBufferWriter();
        var random = new Random(1);
        var at = 0;
        while (at < total)
        {
            var hint = random.Next(0, 3) == 0 ? random.Next(1, 40_000) : 0;
            var span = writer.GetSpan(hint);
            Assert.True(span.Length >= Math.Max(hint, 1));
            var count = Math.Min(Math.Min(span.Length, random.Next(1, 5_000)), total - at);
            expected.AsSpan(at, count).CopyTo(span);
            writer.Advance(count);
            at += count;
        }

        Assert.Equal(total, writer.WrittenCount);
        Assert.Equal(expected, writer.WrittenSequence.ToArray());
        Assert.Equal(expected, writer.WrittenSequence.ToArray());
    }

    [Fact]
    public void After_a_reset_the_writer_holds_no_large_array()
    {
        using var writer = new PooledBufferWriter();
        writer.GetSpan(100_000);
        writer.Advance(100_000);

        writer.Reset();

        Assert.Equal(0, writer.WrittenCount);
        Assert.Equal(256, writer.GetSpan().Length);
    }

    [Fact]
    public void A_first_request_for_a_little_more_room_gets_that_much_and_keeps_it_across_resets()
    {
        using var writer = new PooledBufferWriter();
        var first = writer.GetSpan(1000);
        writer.Advance(20);
        writer.Reset();

        var again = writer.GetSpan(1000);

        Assert.Equal(1024, first.Length);
        Assert.Equal(1024, again.Length);
    }

    [Theory]
    [InlineData(1029)]
    [InlineData(65_541)]
    public void A_short_prefix_and_a_large_span_asked_at_once_stay_one_array(int large)
    {
        using var writer = new PooledBufferWriter();
        writer.GetSpan(6)[..6].Fill(7);
        writer.Advance(6);

        var span = writer.GetSpan(large);
        span[..large].Fill(9);
        writer.Advance(large);

        var sequence = writer.WrittenSequence;
        Assert.True(sequence.IsSingleSegment);
        Assert.Equal(Enumerable.Repeat((byte)7, 6).Concat(Enumerable.Repeat((byte)9, large)), sequence.ToArray());
    }

    [Fact]
    public void A_large_body_written_piece_by_piece_never_takes_an_array_larger_than_a_segment()
    {
        using var writer = new PooledBufferWriter();
        writer.Write(new ReadOnlySequence<byte>(new byte[65_541]));

        var sequence = writer.WrittenSequence;
        Assert.False(sequence.IsSingleSegment);
        foreach (var piece in sequence)
        {
            Assert.True(piece.Length <= PooledBufferWriter.SegmentSize);
        }
    }

    [Fact]
    public void Rented_copies_keep_small_and_large_bodies_intact()
    {
        foreach (var size in new[] { 0, 10, PooledBufferWriter.SegmentSize, PooledBufferWriter.SegmentSize + 1, 70_000 })
        {
            var source = new byte[size];
            new Random(size).NextBytes(source);
            using var copy = RentedBytes.CopyOf(new ReadOnlySequence<byte>(source));
            Assert.Equal(source, copy.Sequence.ToArray());
        }
    }
}
