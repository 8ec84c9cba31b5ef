using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PlugRpc;
using PlugRpc.Cli;
using PlugRpc.Client;
using PlugRpc.Dispatch;
using PlugRpc.Hosting;

// plugrpc: calls a PlugRpc or go-rpc server from the command line.
CliArguments arguments;
try
{
    arguments = CliArguments.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"plugrpc: {ex.Message}");
    Console.Error.WriteLine(CliArguments.Usage);
    return 2;
}

IHost host;
try
{
    host = Host.CreateDefaultBuilder()
        .UsePlugRpc(arguments.Config, o =>
        {
            o.Serve = false;
            o.MinimumLogLevel = LogLevel.Warning;
            o.ConfigureClient = client =>
            {
                client.RequestTimeout = arguments.Timeout ?? client.RequestTimeout;
                client.Codec = arguments.Codec ?? client.Codec;
            };
        })
        .Build();
}
catch (Exception ex) when (StartupErrors.Describe(ex) is { } message)
{
    Console.Error.WriteLine($"plugrpc: {message}");
    return 2;
}

using (host)
{
    var client = host.Services.GetRequiredService<RpcClient>();
    try
    {
        if (arguments.Command == "ping")
        {
            for (var i = 0; i < arguments.Count; i++)
            {
                var roundTrip = await client.PingAsync(arguments.Positional[0]);
                Console.WriteLine($"heartbeat from {arguments.Positional[0]}: {roundTrip.TotalMilliseconds:0.000} ms");
            }

            return 0;
        }

        var metadata = new Metadata();
        if (arguments.Auth is { } token)
        {
            metadata[MetadataKeys.Auth] = token;
        }

        var options = new CallOptions { Address = arguments.Positional[0], Metadata = metadata, Compressor = arguments.Compress };

        // With the service's own types (from the assemblies plugins.json lists) every codec can carry the JSON.
        var (service, method) = ServiceNaming.Split(arguments.Positional[1]);
        var types = ServiceMethodTypes.Find(host.Services.GetRequiredService<ServiceTypeList>().Types, service, method);
        Console.WriteLine(await client.CallJsonAsync(arguments.Positional[1], arguments.Positional[2], options, types));
        return 0;
    }
    catch (RpcException ex)
    {
        Console.Error.WriteLine($"plugrpc: {ex.StatusCode}: {ex.Message}");
        return 1;
    }
    catch (FormatException ex)
    {
        Console.Error.WriteLine($"plugrpc: {ex.Message}");
        return 2;
    }
    finally
    {
        await client.DisposeAsync();
    }
}
