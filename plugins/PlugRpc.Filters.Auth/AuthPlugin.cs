using Autofac;
using PlugRpc.Http;
using PlugRpc.Plugins;

namespace PlugRpc.Filters.Auth;

/// <summary>
/// Registers the server filter "auth" (checks tokens, names the caller) and the client filter "auth" (sends the
/// client's auth option, else the token in these settings), and its tokens as the <see cref="IAccessTokens"/> that
/// open the gateway's dashboard to callers off this machine.
/// </summary>
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
        if (settings.Tokens.Count > 0)
        {
            builder.RegisterInstance(new TokenSet(settings.Tokens)).As<IAccessTokens>();
        }

        builder.RegisterClientFilter("auth", (_, side) => new AuthClientFilter(side.Auth ?? settings.Token));
    }
}
