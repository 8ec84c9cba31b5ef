using System.Globalization;

namespace PlugRpc.Registry.Tests.Consul;

/// <summary>Go's duration text as Consul reads it ("10s", "1m30s", "1500ms", "0"), for the fake agent's TTL, DeregisterCriticalServiceAfter and wait.</summary>
internal static class FakeConsulDuration
{
    private static readonly (string Unit, double Milliseconds)[] Units =
        [("ns", 1e-6), ("us", 1e-3), ("µs", 1e-3), ("μs", 1e-3), ("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)];

    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (text == "0")
        {
            return true;
        }

        var total = 0.0;
        var position = 0;
        while (position < text.Length)
        {
            var start = position;
            while (position < text.Length && (char.IsAsciiDigit(text[position]) || text[position] == '.'))
            {
                position++;
            }

            if (position == start || !double.TryParse(text.AsSpan(start, position - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            var unit = Units.Where(u => string.CompareOrdinal(text, position, u.Unit, 0, u.Unit.Length) == 0).OrderByDescending(u => u.Unit.Length).FirstOrDefault();
            if (unit.Unit is null)
            {
                return false;
            }

            total += number * unit.Milliseconds;
            position += unit.Unit.Length;
        }

        value = TimeSpan.FromMilliseconds(total);
        return true;
    }
}
