using PlugRpc.Codecs;

namespace PlugRpc.Components;

/// <summary>
/// Each codec's <see cref="ICodec{T}"/> for <typeparamref name="T"/>, asked for once and kept. A process has a
/// handful of codec instances, so the kept ones are a small array searched by reference and replaced whole when
/// one is added (readers take no lock); past <see cref="MaxKept"/> the oldest is dropped.
/// </summary>
internal static class TypedCodecs<T>
{
    private const int MaxKept = 8;
    private static Entry[] kept = [];

    public static ICodec<T> Of(ICodec codec)
    {
        var entries = Volatile.Read(ref kept);
        foreach (var entry in entries)
        {
            if (ReferenceEquals(entry.Codec, codec))
            {
                return entry.Typed;
            }
        }

        var added = new Entry(codec, codec.For<T>());
        Volatile.Write(ref kept, [added, .. entries.Take(MaxKept - 1)]);
        return added.Typed;
    }

    private sealed record Entry(ICodec Codec, ICodec<T> Typed);
}
