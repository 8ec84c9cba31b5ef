using System.Text.Json;
using Autofac;
using PlugRpc.Components;
using PlugRpc.Selectors;

namespace PlugRpc.Plugins.Tests.Selectors;

/// <summary>The plugin registers every selector by name, one per client, and checks its settings.</summary>
public sealed class SelectorsPluginTests
{
    [Theory]
    [InlineData("random", typeof(RandomSelector))]
    [InlineData("roundrobin", typeof(RoundRobinSelector))]
    [InlineData("weighted", typeof(WeightedSelector))]
    [InlineData("hash", typeof(HashSelector))]
    [InlineData("p2c", typeof(PowerOfTwoChoicesSelector))]
    public void Each_selector_resolves_by_name_and_each_client_gets_its_own(string name, Type expected)
    {
        using var container = Build("""{"warmup": "30s"}""");

        var selector = container.CreateSelector(name);

        Assert.IsType(expected, selector);
        Assert.NotSame(selector, container.CreateSelector(name));
    }

    [Fact]
    public void The_default_selector_is_in_this_plugin()
    {
        using var container = Build(null);

        Assert.IsType<PowerOfTwoChoicesSelector>(container.CreateSelector(RpcContainerExtensions.DefaultSelector));
    }

    [Theory]
    [InlineData("""{"warmup": "-5s"}""", "selectors: settings.warmup must not be negative, not -00:00:05")]
    [InlineData("""{"warmup": "soon"}""", "settings.warmup does not fit: 'soon' is not a duration; write e.g. \"250ms\", \"2s\", \"1m\" or \"00:00:02\"")]
    public void Bad_settings_are_named(string settings, string expected)
    {
        var error = Assert.Throws<PluginLoadException>(() => Build(settings));

        Assert.Contains(expected, error.Message);
    }

    private static IContainer Build(string? settings)
    {
        var builder = new ContainerBuilder();
        builder.AddPlugin<SelectorsPlugin>(settings is null ? null : JsonDocument.Parse(settings).RootElement);
        return builder.Build();
    }
}
