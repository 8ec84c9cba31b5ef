namespace PlugRpc.Plugins;

/// <summary>
/// Makes a component for one client or server from that side's options: how filters and selectors are registered
/// (see <see cref="PluginRegistrationExtensions"/>), so that two clients in one process each get their own.
/// </summary>
public sealed class SideFactory<TSideOptions, TComponent>(Func<TSideOptions, TComponent> create)
{
    public TComponent Create(TSideOptions options) => create(options);
}
