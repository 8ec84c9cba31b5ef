using System.Runtime.CompilerServices;
using System.Text;

namespace PlugRpc.Protocol;

/// <summary>
/// Service and method names in their msgpack encoding, found by reference: a client passes the same string
/// objects call after call and a server's come from its string cache, so each name is encoded once instead of
/// in every frame. A small direct-mapped table, racy by design (a lost update costs one encoding).
/// </summary>
internal static class EncodedNames
{
    private const int Slots = 128;
    private const int MaxLength = 64;
    private static readonly Entry?[] Entries = new Entry?[Slots];

    /// <summary>The msgpack string for <paramref name="name"/>, prefix included; null for a name too long to keep.</summary>
    public static byte[]? Get(string name)
    {
        if (name.Length > MaxLength)
        {
            return null;
        }

        ref var slot = ref Entries[RuntimeHelpers.GetHashCode(name) & (Slots - 1)];
        var entry = Volatile.Read(ref slot);
        if (entry is not null && ReferenceEquals(entry.Name, name))
        {
            return entry.Encoded;
        }

        var encoded = Encode(name);
        Volatile.Write(ref slot, new Entry(name, encoded));
        return encoded;
    }

    private static byte[] Encode(string name)
    {
        var length = Encoding.UTF8.GetByteCount(name);
        var prefix = length <= 31 ? 1 : 2;
        var encoded = new byte[prefix + length];
        if (prefix == 1)
        {
            encoded[0] = (byte)(0xa0 | length);
        }
        else
        {
            encoded[0] = 0xd9;
            encoded[1] = (byte)length;
        }

        Encoding.UTF8.GetBytes(name, encoded.AsSpan(prefix));
        return encoded;
    }

    private sealed record Entry(string Name, byte[] Encoded);
}
