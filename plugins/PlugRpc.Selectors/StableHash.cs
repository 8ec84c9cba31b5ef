namespace PlugRpc.Selectors;

/// <summary>
/// A 64-bit hash of text that is the same in every process and run (unlike <see cref="string.GetHashCode()"/>), so
/// that all clients put a routing key on the same instance: FNV-1a over the UTF-16 code units, then MurmurHash3's
/// finalizer to spread nearby texts over the whole ring.
/// </summary>
internal static class StableHash
{
    private const ulong FnvOffset = 14695981039346656037;
    private const ulong FnvPrime = 1099511628211;

    public static ulong Of(ReadOnlySpan<char> text)
    {
        var hash = FnvOffset;
        foreach (var c in text)
        {
            hash = (hash ^ c) * FnvPrime;
        }

        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccd;
        hash ^= hash >> 33;
        hash *= 0xc4ceb9fe1a85ec53;
        hash ^= hash >> 33;
        return hash;
    }
}
