namespace PlugRpc.Cli;

/// <summary>What a bench run measured. Ok counts every call answered with a reply; Wrong those of them whose reply was not the expected one.</summary>
internal sealed record BenchResult(
    long Calls,
    long Ok,
    IReadOnlyDictionary<string, long> Failed,
    double CallsPerSec,
    long P50Us,
    long P99Us,
    IReadOnlyDictionary<string, long> PerInstance,
    long Wrong);
