using PlugRpc.Bench.Runner;

namespace PlugRpc.Bench.Contenders;

/// <summary>A contender's client, holding one or more connections to its server.</summary>
internal interface IBenchClient : IAsyncDisposable
{
    /// <summary>One call of <paramref name="workload"/> on connection <paramref name="connection"/>.</summary>
    ValueTask CallAsync(int connection, Workload workload);
}
