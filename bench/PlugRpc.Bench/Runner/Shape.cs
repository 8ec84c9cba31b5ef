namespace PlugRpc.Bench.Runner;

/// <summary>How many calls are in flight, over how many connections ("128x4": 128 over 4).</summary>
internal sealed record Shape(int Concurrency, int Connections)
{
    public static readonly Shape[] All = [new(1, 1), new(16, 1), new(128, 1), new(128, 4)];

    public string Name => Connections == 1 ? Concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{Concurrency}x{Connections}";

    public static Shape Parse(string text)
    {
        var parts = text.Split('x');
        return new Shape(int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), parts.Length > 1 ? int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) : 1);
    }
}
