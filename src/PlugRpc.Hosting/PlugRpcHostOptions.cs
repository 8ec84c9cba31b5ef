using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using PlugRpc.Http;
using PlugRpc.Options;
using PlugRpc.Services;

namespace PlugRpc.Hosting;

/// <summary>How a host uses plugins.json: whether it serves, and what the command line overrides.</summary>
public sealed class PlugRpcHostOptions
{
    /// <summary>Run the RPC server as a hosted service (a pure client host leaves it off).</summary>
    public bool Serve { get; set; } = true;

    /// <summary>Replaces the server's addresses from plugins.json when not empty.</summary>
    public List<string> Addresses { get; } = [];

    /// <summary>
    /// Whether the health checks include the client's heartbeats to its instances; null (the default) does so only
    /// in a host that does not serve, since a server's own client may go unused.
    /// </summary>
    public bool? CheckClient { get; set; }

    public LogLevel MinimumLogLevel { get; set; } = LogLevel.Information;

    public Action<ServerOptions>? ConfigureServer { get; set; }

    public Action<ClientOptions>? ConfigureClient { get; set; }

    /// <summary>Service classes served besides those of the assemblies plugins.json lists (see <see cref="AddServices"/>).</summary>
    public List<Type> ServiceTypes { get; } = [];

    /// <summary>HTTP endpoint classes registered besides those of the assemblies plugins.json lists.</summary>
    public List<Type> HttpEndpointTypes { get; } = [];

    /// <summary>
    /// Serves every public class marked [RpcService] of <paramref name="assembly"/> (typically the host's own, which
    /// plugins.json need not list) and registers its public <see cref="IHttpEndpoints{TBuilder, TApp}"/> classes.
    /// </summary>
    /// <exception cref="ArgumentException">The assembly has no public class marked [RpcService].</exception>
    public PlugRpcHostOptions AddServices(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var types = assembly.GetExportedTypes().Where(t => t is { IsClass: true, IsAbstract: false }).ToList();
        var services = types.Where(t => t.GetCustomAttribute<RpcServiceAttribute>() is not null).ToList();
        if (services.Count == 0)
        {
            throw new ArgumentException($"{assembly.GetName().Name} has no public class marked [RpcService]", nameof(assembly));
        }

        ServiceTypes.AddRange(services.Except(ServiceTypes));
        HttpEndpointTypes.AddRange(types.Where(t => HttpEndpointContracts.Of(t).Count > 0).Except(HttpEndpointTypes));
        return this;
    }

    /// <summary>Serves <typeparamref name="TService"/>, a class marked [RpcService] that plugins.json need not list.</summary>
    /// <exception cref="ArgumentException">The class is not marked [RpcService].</exception>
    public PlugRpcHostOptions AddService<TService>()
        where TService : class
    {
        if (typeof(TService).GetCustomAttribute<RpcServiceAttribute>() is null)
        {
            throw new ArgumentException($"{typeof(TService).Name} is not marked [RpcService]", nameof(TService));
        }

        if (!ServiceTypes.Contains(typeof(TService)))
        {
            ServiceTypes.Add(typeof(TService));
        }

        return this;
    }

    /// <summary>Changes to plugins' settings from plugins.json, by plugin name, applied in order (see <see cref="ChangePluginSettings"/>).</summary>
    public List<(string Plugin, Action<JsonObject> Change)> PluginSettingChanges { get; } = [];

    /// <summary>
    /// Changes <paramref name="plugin"/>'s settings from plugins.json before it loads, enabling it, and adding it from
    /// its folder under the plugins directory when plugins.json does not list it (e.g. --gateway URL).
    /// </summary>
    public void ChangePluginSettings(string plugin, Action<JsonObject> change) => PluginSettingChanges.Add((plugin, change));
}
