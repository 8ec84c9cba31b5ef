using PlugRpc.Components;
using PlugRpc.Discovery;
using PlugRpc.Filters.Degrade;

namespace PlugRpc.Plugins.Tests;

public sealed class DegradeFilterTests
{
    [Fact]
    public void An_instance_is_left_out_while_heartbeats_mark_it_degraded()
    {
        var filter = new DegradeFilter();
        var instance = new InstanceState(new ServiceInstance("tcp://127.0.0.1:1"));
        var call = new TestClientCall();

        Assert.True(filter.Allows(instance, call));
        instance.HeartbeatFailed(degradeThreshold: 2);
        instance.HeartbeatFailed(degradeThreshold: 2);
        Assert.True(filter.Allows(instance, call));
        instance.HeartbeatFailed(degradeThreshold: 2);
        Assert.False(filter.Allows(instance, call));
        instance.HeartbeatSucceeded();
        Assert.True(filter.Allows(instance, call));
        Assert.Equal("degraded: heartbeats failing", filter.Reason);
    }

    [Fact]
    public void The_plugin_registers_it_as_an_instance_filter_named_degrade()
    {
        using var container = PluginContainer.Build(b => b.AddPlugin<DegradePlugin>());

        Assert.IsType<DegradeFilter>(container.CreateInstanceFilter("degrade"));
    }
}
