using System.Text.Json;
using Autofac;

namespace PlugRpc.Plugins.Tests;

/// <summary>Builds a container from plugins the way a host does, and reads what a bad setting made of it.</summary>
internal static class PluginContainer
{
    public static IContainer Build(Action<ContainerBuilder> configure)
    {
        var builder = new ContainerBuilder();
        configure(builder);
        return builder.Build();
    }

    public static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    /// <summary>The one-line message of the settings error that <typeparamref name="TPlugin"/> gives for <paramref name="settings"/>.</summary>
    public static string SettingsError<TPlugin>(string settings)
        where TPlugin : RpcPlugin, new()
    {
        var error = Assert.Throws<PluginLoadException>(() => Build(b => b.AddPlugin<TPlugin>(Json(settings))));
        var cause = Assert.IsType<PluginSettingsException>(error.InnerException);
        Assert.DoesNotContain('\n', error.Message);
        return cause.Message;
    }
}
