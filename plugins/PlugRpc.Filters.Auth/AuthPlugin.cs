using Autofac;
using PlugRpc.Plugins;

namespace PlugRpc.Filters.Auth;

/// <summary>Registers the server filter "auth" (checks tokens) and the client filter "auth" (sends one).</summary>
public sealed class AuthPlugin : RpcPlugin
{
    protected override void Load(ContainerBuilder builder)
    {
        var settings = ReadSettings<AuthOptions>();
        if (settings.Tokens.Any(string.IsNullOrEmpty))
        {
            throw new PluginSettingsException("auth: settings.tokens contains an empty token");
        }

        builder.RegisterServerFilter("auth", _ => settings.Tokens.Count > 0
            ? new AuthServerFilter(settings.Tokens)
            : throw new PluginSettingsException("auth: settings.tokens is empty, so the server filter would refuse every call; list the accepted tokens"));
        builder.RegisterClientFilter("auth", _ => new AuthClientFilter(settings.Token));
    }
}
