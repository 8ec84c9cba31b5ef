using System.Globalization;

namespace PlugRpc.Hosting.Figures;

/// <summary>Reads the machine's figures from Linux's /proc: CPU times (/proc/stat), memory (/proc/meminfo), load (/proc/loadavg).</summary>
internal static class ProcFiles
{
    /// <summary>The machine's CPU time so far, in clock ticks: busy and in all (idle and I/O wait are not busy).</summary>
    public readonly record struct CpuTimes(long Busy, long Total);

    public static CpuTimes? ReadCpuTimes() => Read("/proc/stat", ParseCpuTimes);

    /// <summary>MemTotal and MemAvailable, in bytes.</summary>
    public static (long Total, long Available)? ReadMemory() => Read("/proc/meminfo", ParseMemory);

    public static (double Load1, double Load5, double Load15)? ReadLoadAverage() => Read("/proc/loadavg", ParseLoadAverage);

    /// <summary>The first line, "cpu user nice system idle iowait irq softirq steal guest guest_nice" (guest time is already in user).</summary>
    public static CpuTimes? ParseCpuTimes(string stat)
    {
        var line = stat.AsSpan(0, stat.IndexOf('\n') is var end and >= 0 ? end : stat.Length).ToString();
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 5 || fields[0] != "cpu")
        {
            return null;
        }

        long total = 0;
        long idle = 0;
        for (var i = 1; i < Math.Min(fields.Length, 9); i++)
        {
            if (!long.TryParse(fields[i], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks))
            {
                return null;
            }

            total += ticks;
            idle += i is 4 or 5 ? ticks : 0;
        }

        return new CpuTimes(total - idle, total);
    }

    public static (long Total, long Available)? ParseMemory(string meminfo)
    {
        long? total = null;
        long? available = null;
        foreach (var line in meminfo.Split('\n'))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 2 && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var kilobytes))
            {
                switch (fields[0])
                {
                    case "MemTotal:":
                        total = kilobytes * 1024;
                        break;
                    case "MemAvailable:":
                        available = kilobytes * 1024;
                        break;
                }
            }
        }

        return total is { } t && available is { } a ? (t, a) : null;
    }

    public static (double Load1, double Load5, double Load15)? ParseLoadAverage(string loadavg)
    {
        var fields = loadavg.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length >= 3
            && double.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var one)
            && double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var five)
            && double.TryParse(fields[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var fifteen)
            ? (one, five, fifteen)
            : null;
    }

    private static T? Read<T>(string path, Func<string, T?> parse)
        where T : struct
    {
        try
        {
            return parse(File.ReadAllText(path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
