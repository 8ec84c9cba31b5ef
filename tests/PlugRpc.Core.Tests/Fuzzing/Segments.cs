using System.Buffers;

namespace PlugRpc.Tests.Fuzzing;

/// <summary>Bytes as a <see cref="ReadOnlySequence{T}"/> of several segments, as a socket's reads leave them.</summary>
internal static class Segments
{
    /// <summary>Cut at each of <paramref name="cuts"/> (taken modulo the length, in any order; repeats give empty segments).</summary>
    public static ReadOnlySequence<byte> Split(byte[] bytes, IEnumerable<int> cuts)
    {
        var points = cuts.Select(c => c % (bytes.Length + 1)).Append(bytes.Length).Order().ToList();
        Chunk? first = null;
        Chunk? last = null;
        var from = 0;
        foreach (var point in points)
        {
            last = new Chunk(bytes.AsMemory(from, point - from), last);
            first ??= last;
            from = point;
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Chunk : ReadOnlySequenceSegment<byte>
    {
        public Chunk(ReadOnlyMemory<byte> memory, Chunk? previous)
        {
            Memory = memory;
            if (previous is not null)
            {
                RunningIndex = previous.RunningIndex + previous.Memory.Length;
                previous.Next = this;
            }
        }
    }
}
