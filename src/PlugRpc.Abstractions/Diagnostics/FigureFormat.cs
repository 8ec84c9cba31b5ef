using System.Globalization;

namespace PlugRpc.Diagnostics;

/// <summary>How the figures' summaries write their parts: the level as go-rpc's pages did, sizes and shares.</summary>
internal static class FigureFormat
{
    public static string Level(FigureLevel level) => level switch
    {
        FigureLevel.Ok => "OK",
        FigureLevel.Warning => "WARNING",
        _ => "CRITICAL",
    };

    public static string Size(long bytes) =>
        bytes >= 1L << 30
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.0} GiB")
            : string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.0} MiB");

    public static string Percent(double percent) => string.Create(CultureInfo.InvariantCulture, $"{percent:0.0}%");

    public static double PercentOf(long part, long whole) => whole <= 0 ? 0 : Math.Round(100.0 * part / whole, 1);
}
