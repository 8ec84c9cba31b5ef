namespace PlugRpc.Protocol;

/// <summary>
/// The <see cref="MetadataKeys.Deadline"/> metadata entry that carries <see cref="MessageHeader.TimeLeftMs"/>: its
/// key and its value as decimal text, read and written without a string. A value of plain ASCII digits is clamped to
/// 1..<see cref="MaxTimeLeftMs"/> ("0" means already due, a huge number about 24 days); anything else (a sign, a
/// space, a fraction, nothing) is ignored: the request is served as one without a deadline.
/// </summary>
internal static class DeadlineEntry
{
    /// <summary>The longest time left kept (about 24.8 days), what a timer takes.</summary>
    public const long MaxTimeLeftMs = int.MaxValue;

    /// <summary>The key's msgpack fixstr encoding.</summary>
    public static readonly byte[] KeyRaw = [(byte)(0xa0 | MetadataKeys.Deadline.Length), .. System.Text.Encoding.ASCII.GetBytes(MetadataKeys.Deadline)];

    public static ReadOnlySpan<byte> KeyUtf8 => KeyRaw.AsSpan(1);

    public static bool TryParse(ReadOnlySpan<byte> digits, out long timeLeftMs) => TryParseDigits(digits, out timeLeftMs);

    public static bool TryParse(string? text, out long timeLeftMs) => TryParseDigits(text.AsSpan(), out timeLeftMs);

    /// <summary>How many digits <paramref name="timeLeftMs"/> (positive) takes.</summary>
    public static int DigitCount(long timeLeftMs)
    {
        var count = 1;
        while (timeLeftMs >= 10)
        {
            timeLeftMs /= 10;
            count++;
        }

        return count;
    }

    /// <summary>Writes <paramref name="timeLeftMs"/> (positive) as decimal digits; returns how many.</summary>
    public static int Format(Span<byte> destination, long timeLeftMs)
    {
        var count = DigitCount(timeLeftMs);
        for (var i = count - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (timeLeftMs % 10));
            timeLeftMs /= 10;
        }

        return count;
    }

    private static bool TryParseDigits<T>(ReadOnlySpan<T> digits, out long timeLeftMs)
        where T : System.Numerics.IBinaryInteger<T>
    {
        timeLeftMs = 0;
        if (digits.IsEmpty)
        {
            return false;
        }

        long value = 0;
        foreach (var character in digits)
        {
            var digit = int.CreateTruncating(character) - '0';
            if ((uint)digit > 9)
            {
                return false;
            }

            value = Math.Min(MaxTimeLeftMs, (value * 10) + digit);
        }

        timeLeftMs = Math.Max(1, value);
        return true;
    }
}
