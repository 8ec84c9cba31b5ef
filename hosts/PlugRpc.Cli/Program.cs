using PlugRpc;
using PlugRpc.Cli;
using PlugRpc.Hosting;

// plugrpc: calls, pings, health-checks and benchmarks PlugRpc or go-rpc servers from the command line. Exit codes:
// 0 done, 1 a call failed (or a check is not SERVING), 2 a mistake in the command line or the config (one line on stderr).
if (CliUsage.AsksForHelp(args, out var help))
{
    Console.WriteLine(help);
    return 0;
}

CliArguments arguments;
try
{
    arguments = CliArguments.Parse(args);
}
catch (UsageException ex)
{
    Console.Error.WriteLine($"plugrpc: {ex.Message} (try --help)");
    return 2;
}

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
