namespace PlugRpc.Bench.Runner;

/// <summary>One measured row, with the field names of the --json output.</summary>
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
    double CpuUsPerCall);
