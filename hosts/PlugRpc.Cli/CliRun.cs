using PlugRpc.Hosting;

namespace PlugRpc.Cli;

/// <summary>
/// Runs a command the command line has asked for: starts the client, checks the compressor and the request, runs
/// the command. A mistake in the config or the request exits 2, a failed call 1, each with one line on stderr.
/// </summary>
internal static class CliRun
{
    public static async Task<int> RunAsync(CliArguments arguments)
    {
        var tally = arguments.Command == "bench" ? new InstanceTally() : null;
        CliClient client;
        try
        {
            client = CliClient.Start(arguments, tally);
        }
        catch (Exception ex) when (StartupErrors.Describe(ex) is { } message)
        {
            Console.Error.WriteLine($"plugrpc: {message}");
            return 2;
        }

        await using (client)
        {
            try
            {
                client.CheckCompressor(arguments.Compress);
                if (arguments.Method is { } method)
                {
                    RequestJsonCheck.Check(client, method, arguments.RequestJson!);
                }

                return arguments.Command switch
                {
                    "call" => await CallCommand.RunAsync(client, arguments),
                    "ping" => await PingCommand.RunAsync(client, arguments),
                    "health" => await HealthCommand.RunAsync(client, arguments),
                    "list" => await ListCommand.RunAsync(client),
                    "watch" => await WatchCommand.RunAsync(client),
                    _ => await BenchCommand.RunAsync(client, arguments, tally!),
                };
            }
            catch (UsageException ex)
            {
                Console.Error.WriteLine($"plugrpc: {ex.Message}");
                return 2;
            }
            catch (RpcException ex)
            {
                Console.Error.WriteLine($"plugrpc: {ex.StatusCode}: {CallErrors.Describe(ex, arguments.Method)}");
                return 1;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Console.Error.WriteLine($"plugrpc: {ex.GetType().Name}: {ex.Message}");
                return 1;
            }
        }
    }
}
