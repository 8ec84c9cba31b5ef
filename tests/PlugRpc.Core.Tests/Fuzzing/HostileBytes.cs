using System.Buffers.Binary;
using CsCheck;

namespace PlugRpc.Tests.Fuzzing;

/// <summary>
/// CsCheck generators of hostile input: good seeds put through one to four mutations (bit flips, overwritten
/// bytes, truncation, splicing with another seed, duplicated or deleted runs, 32-bit fields set to extremes or
/// nudged), and plain random bytes. Each mutation is drawn as numbers, so a failure shrinks to a small case.
/// </summary>
internal static class HostileBytes
{
    /// <summary>Bytes that mean something to the formats read here: msgpack's nil and 32-bit headers, JSON's openers.</summary>
    private static readonly byte[] Interesting =
        [0x00, 0x01, 0x7f, 0x80, 0xff, 0xc0, 0xc6, 0xdb, 0xdc, 0xdd, 0xde, 0xdf, (byte)'{', (byte)'[', (byte)'"', (byte)'9'];

    /// <summary>Lengths and counts a hostile peer claims: zero, off-by-ones, the default frame limit and past it, sign bits.</summary>
    private static readonly uint[] Extremes =
        [0, 1, 3, 4, 0x7f, 0x80, 0xff, 0xffff, 0x10000, 0xffffff, 0x1000000, 0x1000001, 0x7fffffff, 0x80000000, 0xffffffff];

    private const int Kinds = 9;

    public static Gen<byte[]> Random(int maxLength) => Gen.Byte.Array[0, maxLength];

    /// <param name="fieldOffsets">Where the format keeps 32-bit big-endian lengths (a frame's two length fields), set to extremes more often than elsewhere.</param>
    public static Gen<byte[]> Mutated(IReadOnlyList<byte[]> seeds, params int[] fieldOffsets) =>
        Gen.Select(Gen.Int[0, seeds.Count - 1], Gen.Select(Gen.Int[0, Kinds - 1], Gen.Int.NonNegative, Gen.Int.NonNegative).Array[1, 4])
            .Select(drawn => Apply(seeds, fieldOffsets, seeds[drawn.Item1], drawn.Item2));

    /// <summary>Mostly mutated seeds, some plain random bytes.</summary>
    public static Gen<byte[]> Any(IReadOnlyList<byte[]> seeds, params int[] fieldOffsets) =>
        Gen.Frequency((4, Mutated(seeds, fieldOffsets)), (1, Random(2 * seeds.Max(s => s.Length))));

    private static byte[] Apply(IReadOnlyList<byte[]> seeds, int[] fieldOffsets, byte[] seed, (int Kind, int At, int Value)[] mutations)
    {
        var data = seed;
        foreach (var (kind, at, value) in mutations)
        {
            data = Mutate(seeds, fieldOffsets, data, kind, at, value);
        }

        return data;
    }

    private static byte[] Mutate(IReadOnlyList<byte[]> seeds, int[] fieldOffsets, byte[] data, int kind, int at, int value)
    {
        var length = data.Length;
        if (length == 0 && kind is not 4)
        {
            return data;
        }

        var copy = data.ToArray();
        var position = at % Math.Max(1, length);
        switch (kind)
        {
            case 0:
                copy[position] ^= (byte)(1 << (value & 7));
                return copy;
            case 1:
                copy[position] = Interesting[value % Interesting.Length];
                return copy;
            case 2:
                copy[position] = (byte)value;
                return copy;
            case 3:
                return data[..(at % (length + 1))];
            case 4:
                var other = seeds[value % seeds.Count];
                return [.. data[..(at % (length + 1))], .. other[(value % (other.Length + 1))..]];
            case 5:
                var run = data[position..Math.Min(length, position + 1 + (value % 16))];
                return [.. data[..position], .. run, .. data[position..]];
            case 6:
                return [.. data[..position], .. data[Math.Min(length, position + 1 + (value % 16))..]];
            case 7:
                return WriteField(copy, FieldAt(fieldOffsets, position, value), Extremes[value % Extremes.Length]);
            default:
                var field = FieldAt(fieldOffsets, position, value);
                return field + 4 <= length
                    ? WriteField(copy, field, BinaryPrimitives.ReadUInt32BigEndian(copy.AsSpan(field)) + (uint)(value % 5) - 2)
                    : copy;
        }
    }

    /// <summary>One of the format's length fields half of the time, else anywhere.</summary>
    private static int FieldAt(int[] fieldOffsets, int position, int value) =>
        fieldOffsets.Length > 0 && (value & 0x100) == 0 ? fieldOffsets[(value >> 9) % fieldOffsets.Length] : position;

    private static byte[] WriteField(byte[] data, int at, uint value)
    {
        if (at + 4 <= data.Length)
        {
            BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(at), value);
        }

        return data;
    }
}
