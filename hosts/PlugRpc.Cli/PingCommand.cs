using System.Globalization;

namespace PlugRpc.Cli;

/// <summary>`ping`: go-rpc's heartbeat to each address in turn, one line per answer; an address that fails is reported and the rest still pinged.</summary>
internal static class PingCommand
{
    public static async Task<int> RunAsync(CliClient client, CliArguments arguments)
    {
        var exitCode = 0;
        if (await client.TargetsAsync("ping") is not { } targets)
        {
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
