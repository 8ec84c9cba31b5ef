using Microsoft.Extensions.Hosting;
using PlugRpc.Hosting;

// plugrpc-host: serves what plugins.json names.
//   dotnet run --project hosts/PlugRpc.Host -- [--address tcp://127.0.0.1:7000]... [--config plugins.json]
var addresses = new List<string>();
var config = "plugins.json";
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--address" when i + 1 < args.Length:
            addresses.Add(args[++i]);
            break;
        case "--config" when i + 1 < args.Length:
            config = args[++i];
            break;
        case "-h" or "--help":
            Console.WriteLine("usage: PlugRpc.Host [--address scheme://target]... [--config plugins.json]");
            return 0;
        default:
            Console.Error.WriteLine($"plugrpc-host: unknown argument '{args[i]}' (try --help)");
            return 2;
    }
}

try
{
    using var host = Host.CreateDefaultBuilder()
        .UsePlugRpc(config, o => o.Addresses.AddRange(addresses))
        .Build();
    await host.RunAsync();
    return 0;
}
catch (Exception ex) when (StartupErrors.Describe(ex) is { } message)
{
    Console.Error.WriteLine($"plugrpc-host: {message}");
    return 2;
}
