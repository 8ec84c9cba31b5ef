using System.CommandLine;
using Microsoft.Extensions.Hosting;
using PlugRpc.Host;
using PlugRpc.Hosting;

// plugrpc-host: serves what plugins.json names (`--help` for the options). Exit codes: 0 stopped, 2 a mistake in
// the command line or the config (one line on stderr), 1 anything else.
const string GatewayPlugin = "PlugRpc.Gateway.Http";
var parsed = HostCommandLine.Build().Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
if (parsed.Action is { ClearsParseErrors: true })
{
    return parsed.Invoke();
}

if (parsed.Errors.Count > 0)
{
    Console.Error.WriteLine($"plugrpc-host: {parsed.Errors[0].Message.TrimEnd('.')} (try --help)");
    return 2;
}

var gateway = parsed.GetValue(HostCommandLine.Gateway);
try
{
    using var host = Host.CreateDefaultBuilder()
        .UsePlugRpc(parsed.GetValue(HostCommandLine.Config)!, o =>
        {
            o.Addresses.AddRange(parsed.GetValue(HostCommandLine.Address) ?? []);
            o.ConfigureServer = server => HostCommandLine.Apply(parsed, server);
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
