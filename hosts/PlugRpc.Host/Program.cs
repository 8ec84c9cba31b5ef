using Microsoft.Extensions.Hosting;
using PlugRpc.Hosting;
using PlugRpc.Options;

// plugrpc-host: serves what plugins.json names.
//   dotnet run --project hosts/PlugRpc.Host -- [--address tcp://127.0.0.1:7000]... [--config plugins.json]
//     [--registry URL --app KEY [--advertise scheme://host:port] [--tag k=v]... [--weight N]] [--gateway http://host:port]
const string Usage = """
    usage: PlugRpc.Host [--address scheme://target]... [--config plugins.json] [--registry URL --app KEY [--advertise scheme://host:port] [--tag k=v]... [--weight N]] [--gateway http(s)://host:port]
      serves the services plugins.json lists, through its plugins, until Ctrl+C or SIGTERM (then stops gracefully).
      --address      where to listen (tcp://127.0.0.1:7000, unix:///tmp/x.sock …); replaces the config's server.addresses
      --config       the plugins.json to read (default: plugins.json)
      --registry     register in this registry (zookeeper://h:2181/base, etcd://h:2379/prefix, consul://h:8500, file:///folder, memory://)
      --app          the app key to register under
      --advertise    the address clients should call, when it is not the one listened on
      --tag k=v      a tag for tag-routing clients; --weight N for weighted selectors
      --gateway      serve the HTTP gateway (POST /Service/Method with JSON) on this URL; needs the PlugRpc.Gateway.Http plugin
    every server answers Health.Check (PlugRpc.Cli health ADDRESS): SERVING, or NOT_SERVING once it begins to stop.
    exit codes: 0 stopped, 2 a mistake in the command line or the config (one line on stderr), 1 anything else.
    """;
const string GatewayPlugin = "PlugRpc.Gateway.Http";
var addresses = new List<string>();
var config = "plugins.json";
var registration = new List<Action<ServerOptions>>();
string? gateway = null;
for (var i = 0; i < args.Length; i++)
{
    var value = i + 1 < args.Length ? args[i + 1] : null;
    switch (args[i])
    {
        case "--address" when value is not null:
            addresses.Add(value);
            break;
        case "--config" when value is not null:
            config = value;
            break;
        case "--registry" when value is not null:
            registration.Add(o => o.Registry = value);
            break;
        case "--app" when value is not null:
            registration.Add(o => o.AppKey = value);
            break;
        case "--advertise" when value is not null:
            registration.Add(o => o.AdvertisedAddress = value);
            break;
        case "--tag" when value is not null && value.IndexOf('=') > 0:
            registration.Add(o => o.Tags[value[..value.IndexOf('=')]] = value[(value.IndexOf('=') + 1)..]);
            break;
        case "--gateway" when value is not null:
            gateway = value;
            break;
        case "--weight" when int.TryParse(value, out var weight):
            registration.Add(o => o.Weight = weight);
            break;
        case "-h" or "--help":
            Console.WriteLine(Usage);
            return 0;
        default:
            Console.Error.WriteLine(args[i] is "--address" or "--config" or "--registry" or "--app" or "--advertise" or "--tag" or "--weight" or "--gateway"
                ? $"plugrpc-host: {args[i]} needs a value{(args[i] == "--tag" ? " of the form k=v" : args[i] == "--weight" ? $" that is a number from 1 to {int.MaxValue}" : string.Empty)} (try --help)"
                : $"plugrpc-host: unknown argument '{args[i]}' (try --help)");
            return 2;
    }

    i++;
}

try
{
    using var host = Host.CreateDefaultBuilder()
        .UsePlugRpc(config, o =>
        {
            o.Addresses.AddRange(addresses);
            o.ConfigureServer = server => registration.ForEach(apply => apply(server));
            if (gateway is not null)
            {
                o.ChangePluginSettings(GatewayPlugin, settings => settings["url"] = gateway);
            }
        })
        .Build();
    await host.RunAsync();
    return 0;
}
catch (Exception ex) when (StartupErrors.Describe(ex) is { } message)
{
    Console.Error.WriteLine($"plugrpc-host: {message}");
    return 2;
}
catch (Exception ex) when (ex is not OutOfMemoryException)
{
    Console.Error.WriteLine($"plugrpc-host: {ex.GetType().Name}: {ex.Message}");
    return 1;
}
