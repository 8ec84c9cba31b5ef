using Autofac;
using PlugRpc.Plugins;

namespace PlugRpc.Transport.Uds;

/// <summary>Registers the Unix-socket transport as "unix".</summary>
public sealed class UdsTransportPlugin : RpcPlugin
{
    protected override void Load(ContainerBuilder builder)
    {
        var settings = ReadSettings<UdsTransportOptions>();
        if (settings.Backlog < 1)
        {
            throw new PluginSettingsException($"unix: settings.backlog must be at least 1, not {settings.Backlog}");
        }

        builder.RegisterTransport("unix", _ => new UdsTransport(settings));
    }
}
