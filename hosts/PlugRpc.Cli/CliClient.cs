using Autofac;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PlugRpc.Client;
using PlugRpc.Codecs;
using PlugRpc.Dispatch;
using PlugRpc.Hosting;
using PlugRpc.Options;
using PlugRpc.Plugins;

namespace PlugRpc.Cli;

/// <summary>
/// The client a command calls through: built as the host builds one, from the config's plugins and "client"
/// section, with the command line's addresses (replacing the config's), timeout and codec on top.
/// </summary>
internal sealed class CliClient : IAsyncDisposable
{
    private readonly IHost host;

    private CliClient(IHost host, RpcClient rpc, IReadOnlyList<string> addresses)
    {
        this.host = host;
        Rpc = rpc;
        Addresses = addresses;
    }

    public RpcClient Rpc { get; }

    /// <summary>The addresses the command targets: the command line's, else the config's; empty with a registry.</summary>
    public IReadOnlyList<string> Addresses { get; }

    /// <summary>
    /// The addresses a command that visits every server (ping, health) goes to: the fixed ones, or the registry's
    /// instances once listed (within the request timeout). Null, with the reason on stderr, when there are none.
    /// </summary>
    public async Task<IReadOnlyList<string>?> TargetsAsync(string doing)
    {
        if (Addresses.Count > 0)
        {
            return Addresses;
        }

        try
        {
            await Rpc.Listed.WaitAsync(Rpc.RequestTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Console.Error.WriteLine($"plugrpc: Unavailable: {Rpc.Discovery.Origin}: the registry has not answered within {Rpc.RequestTimeout.TotalSeconds:0.###} s");
            return null;
        }

        if (Rpc.Instances.Count == 0)
        {
            Console.Error.WriteLine($"plugrpc: Unavailable: no server to {doing}: {Rpc.NoInstancesReason}");
            return null;
        }

        return Rpc.Instances.Select(i => i.Address).ToList();
    }

    /// <summary>Builds the client; <paramref name="tally"/>, when given, becomes its innermost filter.</summary>
    /// <exception cref="Exception">Whatever start-up throws; <see cref="StartupErrors.Describe"/> words it.</exception>
    public static CliClient Start(CliArguments arguments, InstanceTally? tally = null)
    {
        IReadOnlyList<string> addresses = [];
        var builder = Host.CreateDefaultBuilder().UsePlugRpc(arguments.Config, o =>
        {
            o.Serve = false;
            o.MinimumLogLevel = LogLevel.Warning;
            o.ConfigureClient = client =>
            {
                addresses = Configure(client, arguments, arguments.Config);
                if (tally is not null)
                {
                    client.Filters.Add(InstanceTally.FilterName);
                }
            };
        });
        if (tally is not null)
        {
            builder.ConfigureContainer<ContainerBuilder>(container => container.RegisterClientFilter(InstanceTally.FilterName, _ => tally));
        }

        var host = builder.Build();
        try
        {
            return new CliClient(host, host.Services.GetRequiredService<RpcClient>(), addresses);
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>The request types of <paramref name="serviceMethod"/> in the services the config lists, or null.</summary>
    public ServiceMethodTypes? TypesOf(string serviceMethod)
    {
        var (service, method) = ServiceNaming.Split(serviceMethod);
        return ServiceMethodTypes.Find(host.Services.GetRequiredService<ServiceTypeList>().Types, service, method);
    }

    /// <summary>Refuses a compressor no plugin loaded ("none" is always there), before any call is made.</summary>
    /// <exception cref="UsageException">No such compressor.</exception>
    public void CheckCompressor(string? name)
    {
        var loaded = host.Services.GetServices<ICompressor>().Select(c => c.Name).Order(StringComparer.Ordinal).ToList();
        if (name is not null && !string.Equals(name, "none", StringComparison.OrdinalIgnoreCase) && !loaded.Contains(name, StringComparer.OrdinalIgnoreCase))
        {
            throw new UsageException($"--compress: no compressor named '{name}' is loaded (loaded: {string.Join(", ", loaded.Prepend("none"))})");
        }
    }

    /// <summary>Ends the host, and with it the client (the container owns it).</summary>
    public async ValueTask DisposeAsync()
    {
        if (host is IAsyncDisposable asyncHost)
        {
            await asyncHost.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            host.Dispose();
        }
    }

    /// <summary>Applies the command line to the config's client options; returns the addresses targeted.</summary>
    private static List<string> Configure(ClientOptions client, CliArguments arguments, string config)
    {
        client.RequestTimeout = arguments.Timeout ?? client.RequestTimeout;
        client.Codec = arguments.Codec ?? client.Codec;
        client.AppKey = arguments.AppKey ?? client.AppKey;
        if (arguments.Command is "list" or "watch")
        {
            // They show what the registry lists now, an empty list included.
            client.EmptyListGrace = TimeSpan.Zero;
        }

        if (arguments.Registry is not null)
        {
            client.Registry = arguments.Registry;
            client.Addresses = [];
            client.Instances = [];
        }

        if (client.Registry is not null && arguments.Addresses.Count == 0)
        {
            return [];
        }

        if (arguments.Addresses.Count > 0)
        {
            client.Registry = null;
        }

        if (arguments.Command is "list" or "watch")
        {
            throw new OptionsValidationException("client", [$"{arguments.Command} needs a registry: give --registry URL --app KEY or set client.registry and client.appKey in {config}"]);
        }

        if (arguments.Addresses.Count > 0)
        {
            client.Addresses = [.. arguments.Addresses];
            client.Instances = [];
        }

        List<string> addresses = [.. client.Addresses, .. client.Instances.Select(instance => instance.Address)];
        if (addresses.Count == 0)
        {
            throw new OptionsValidationException("client", [$"no address to call: give one on the command line or set client.addresses in {config}"]);
        }

        if (arguments.Command is "ping" or "health")
        {
            // ping and health address each target themselves; a client of one of them needs no selector to be built.
            client.Addresses = [addresses[0]];
            client.Instances = [];
        }

        return addresses;
    }
}
