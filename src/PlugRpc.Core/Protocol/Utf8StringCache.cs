using System.Text;

namespace PlugRpc.Protocol;

/// <summary>
/// Turns short UTF-8 strings that repeat from frame to frame (service and method names, error texts, metadata
/// keys and tokens) into strings without allocating each time: a small hashed table of recent strings, racy by
/// design (a lost update only costs one allocation), never growing.
/// </summary>
internal sealed class Utf8StringCache
{
    private const int MaxCachedLength = 64;
    private const int Slots = 256;
    private readonly Entry?[] entries = new Entry?[Slots];

    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return string.Empty;
        }

        if (utf8.Length > MaxCachedLength)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        var slot = (int)(Hash(utf8) % Slots);
        var entry = Volatile.Read(ref entries[slot]);
        if (entry is not null && utf8.SequenceEqual(entry.Utf8))
        {
            return entry.Value;
        }

        var value = Encoding.UTF8.GetString(utf8);
        Volatile.Write(ref entries[slot], new Entry(utf8.ToArray(), value));
        return value;
    }

    private static uint Hash(ReadOnlySpan<byte> bytes)
    {
        var hash = 2166136261u;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 16777619u;
        }

        return hash;
    }

    private sealed record Entry(byte[] Utf8, string Value);
}
