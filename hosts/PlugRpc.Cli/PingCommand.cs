using System.Globalization;

namespace PlugRpc.Cli;

/// <summary>`ping`: go-rpc's heartbeat to each address in turn, one line per answer; an address that fails is reported and the rest still pinged.</summary>
internal static class PingCommand
{
    public static async Task<int> RunAsync(CliClient client, CliArguments arguments)
    {
        var exitCode = 0;
        IReadOnlyList<string> targets;
        try
        {
            targets = await client.TargetsAsync(client.Rpc.RequestTimeout);
        }
        catch (TimeoutException)
        {
            Console.Error.WriteLine($"plugrpc: Unavailable: {client.Rpc.Discovery.Origin}: the registry has not answered within {client.Rpc.RequestTimeout.TotalSeconds:0.###} s");
            return 1;
        }

        if (targets.Count == 0)
        {
            Console.Error.WriteLine($"plugrpc: Unavailable: no server to ping: {client.Rpc.NoInstancesReason}");
            return 1;
        }

        foreach (var address in targets)
        {
            try
            {
                for (var i = 0; i < arguments.Count; i++)
                {
                    var roundTrip = await client.Rpc.PingAsync(address);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"heartbeat from {address}: {roundTrip.TotalMilliseconds:0.000} ms"));
                }
            }
            catch (RpcException ex)
            {
                Console.Error.WriteLine($"plugrpc: {address}: {ex.StatusCode}: {ex.Message}");
                exitCode = 1;
            }
        }

        return exitCode;
    }
}
