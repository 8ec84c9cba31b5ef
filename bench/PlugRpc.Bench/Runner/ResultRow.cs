namespace PlugRpc.Bench.Runner;

/// <summary>
/// One measured row, with the field names of the --json output. <see cref="VsFloor"/> is the median, over the
/// rounds, of the row's calls/s divided by the floor's in the same round (null without a floor).
/// </summary>
internal sealed record ResultRow(
    string Contender,
    string Workload,
    int Concurrency,
    int Connections,
    double CallsPerSec,
    double P50Us,
    double P99Us,
    double P999Us,
    double ClientAllocBytesPerCall,
    double ServerAllocBytesPerCall,
    double CpuUsPerCall,
    double? VsFloor = null);
