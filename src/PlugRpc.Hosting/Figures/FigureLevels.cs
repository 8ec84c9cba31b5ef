using PlugRpc.Diagnostics;

namespace PlugRpc.Hosting.Figures;

/// <summary>go-rpc's grading of a share used: WARNING from 90%, CRITICAL from 95%.</summary>
internal static class FigureLevels
{
    public static FigureLevel OfPercent(double usedPercent) =>
        usedPercent >= 95 ? FigureLevel.Critical : usedPercent >= 90 ? FigureLevel.Warning : FigureLevel.Ok;
}
