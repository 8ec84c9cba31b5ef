using System.Globalization;

namespace PlugRpc.Diagnostics;

/// <summary>
/// CPU use over a window (/view/cpu): the machine's (from /proc/stat) and this process's, each as a share of all
/// cores, with the load averages. Figures only /proc gives are null where there is none.
/// </summary>
/// <param name="MachinePercent">Busy share of all cores, machine-wide.</param>
/// <param name="ProcessPercent">This process's share of all cores.</param>
/// <param name="WindowSeconds">How long the window the shares cover was.</param>
public sealed record CpuFigures(
    int Cores,
    double? MachinePercent,
    double ProcessPercent,
    double? Load1,
    double? Load5,
    double? Load15,
    double WindowSeconds,
    FigureLevel Level)
{
    public string Summary
    {
        get
        {
            var machine = MachinePercent is { } percent ? FigureFormat.Percent(percent) : "unknown";
            var load = Load1 is null ? string.Empty : string.Create(CultureInfo.InvariantCulture, $" | load {Load1:0.00} {Load5:0.00} {Load15:0.00}");
            return string.Create(
                CultureInfo.InvariantCulture,
                $"{FigureFormat.Level(Level)} - CPU: machine {machine}, this process {FigureFormat.Percent(ProcessPercent)} over {WindowSeconds:0.0} s{load} | {Cores} cores");
        }
    }
}
