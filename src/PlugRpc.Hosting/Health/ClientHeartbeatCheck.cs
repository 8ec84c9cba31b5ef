using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PlugRpc.Client;

namespace PlugRpc.Hosting.Health;

/// <summary>
/// The client's end-to-end check: a heartbeat to each instance it may call now, all at once. Healthy when all
/// answer, degraded when some fail (or when all answer but the registry is unreachable and the list may be stale),
/// failed when none answers or there is none.
/// </summary>
public sealed class ClientHeartbeatCheck : IHealthCheck
{
    private readonly Func<RpcClient> client;

    public ClientHeartbeatCheck(Func<RpcClient> client)
    {
        this.client = client;
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var rpc = client();
        var data = new Dictionary<string, object> { ["discovery"] = rpc.Discovery.Origin };
        try
        {
            await rpc.Listed.WaitAsync(rpc.RequestTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"no instance list within {rpc.RequestTimeout.TotalSeconds:0.###} s: {rpc.Discovery.Problem ?? rpc.NoInstancesReason}", data: data);
        }

        var instances = rpc.Instances;
        if (instances.Count == 0)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"no instance to call: {rpc.NoInstancesReason}", data: data);
        }

        var beats = await Task.WhenAll(instances.Select(i => BeatAsync(rpc, i.Address, cancellationToken))).ConfigureAwait(false);
        foreach (var (address, _, answer) in beats)
        {
            data[address] = answer;
        }

        var failed = beats.Where(b => !b.Answered).ToList();
        if (failed.Count == beats.Length)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"none of the {beats.Length} instances answered a heartbeat ({failed[0].Address}: {failed[0].Answer})", data: data);
        }

        if (failed.Count > 0)
        {
            return HealthCheckResult.Degraded($"{beats.Length - failed.Count} of {beats.Length} instances answered a heartbeat; not {string.Join(", ", failed.Select(f => f.Address))}", data: data);
        }

        return rpc.Discovery.Reachable && rpc.Discovery.Problem is null
            ? HealthCheckResult.Healthy($"all {beats.Length} instances answered a heartbeat", data)
            : HealthCheckResult.Degraded($"all {beats.Length} instances answered a heartbeat, but the list may be stale: {rpc.Discovery.Problem}", data: data);
    }

    /// <summary>The round trip as "1.234 ms", or why there was none.</summary>
    private static async Task<(string Address, bool Answered, string Answer)> BeatAsync(RpcClient rpc, string address, CancellationToken cancellationToken)
    {
        try
        {
            var roundTrip = await rpc.PingAsync(address, cancellationToken).ConfigureAwait(false);
            return (address, true, string.Create(CultureInfo.InvariantCulture, $"{roundTrip.TotalMilliseconds:0.000} ms"));
        }
        catch (Exception ex) when (ex is RpcException or OperationCanceledException or TimeoutException or IOException or System.Net.Sockets.SocketException)
        {
            return (address, false, ex is RpcException rpcError ? $"{rpcError.StatusCode}: {rpcError.Message}" : ex.Message);
        }
    }
}
