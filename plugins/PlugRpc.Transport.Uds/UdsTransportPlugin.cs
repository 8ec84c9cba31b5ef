using Autofac;
using PlugRpc.Plugins;

namespace PlugRpc.Transport.Uds;

/// <summary>Registers the Unix-socket transport as "unix".</summary>
public sealed class UdsTransportPlugin : RpcPlugin
{
    protected override void Load(ContainerBuilder builder)
    {
        var settings = ReadSettings<UdsTransportOptions>();
        PluginSettingsException.ThrowIfBelow("unix", "backlog", settings.Backlog, 1);

        builder.RegisterTransport(_ => new UdsTransport(settings));
    }
}
