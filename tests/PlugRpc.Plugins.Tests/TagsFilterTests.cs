using PlugRpc.Components;
using PlugRpc.Discovery;
using PlugRpc.Filters;
using PlugRpc.Filters.Tags;

namespace PlugRpc.Plugins.Tests;

public sealed class TagsFilterTests
{
    private static readonly Dictionary<string, string> Lf = new() { ["idc"] = "lf" };

    [Fact]
    public async Task The_client_filter_sends_the_clients_tags_and_keeps_a_calls_own()
    {
        var filter = new TagsClientFilter(new Dictionary<string, string> { ["idc"] = "lf", ["env"] = "prod" });
        var plain = new TestClientCall();
        var own = new TestClientCall(metadata: new Metadata { ["rpc_tag_idc"] = "hy" });

        await filter.InvokeAsync(plain, _ => ValueTask.CompletedTask);
        await filter.InvokeAsync(own, _ => ValueTask.CompletedTask);

        Assert.Equal(new Dictionary<string, string> { ["idc"] = "lf", ["env"] = "prod" }, InstanceTags.FromRequest(plain.Metadata));
        Assert.Equal(new Dictionary<string, string> { ["idc"] = "hy", ["env"] = "prod" }, InstanceTags.FromRequest(own.Metadata));
    }

    [Fact]
    public async Task A_client_without_tags_sends_none()
    {
        var call = new TestClientCall();

        await new TagsClientFilter(new Dictionary<string, string>()).InvokeAsync(call, _ => ValueTask.CompletedTask);

        Assert.False(call.HasMetadata);
    }

    [Theory]
    [InlineData("""{"idc":"lf"}""", true)]
    [InlineData("""{"idc":"lf","env":"prod"}""", true)]
    [InlineData("""{"idc":"hy"}""", false)]
    [InlineData("""{"env":"prod"}""", false)]
    [InlineData(null, false)]
    [InlineData("not json", false)]
    [InlineData("""{"idc": 3}""", false)]
    public void A_tagged_client_keeps_only_instances_with_its_tags(string? published, bool allowed)
    {
        var filter = new TagsInstanceFilter(Lf, active: true);

        Assert.Equal(allowed, filter.Allows(Instance(published), new TestClientCall()));
        Assert.Equal("""tags differ from {"idc":"lf"}""", filter.Reason);
    }

    [Fact]
    public void A_client_that_is_not_tagged_keeps_every_instance()
    {
        var filter = new TagsInstanceFilter(Lf, active: false);

        Assert.True(filter.Allows(Instance("""{"idc":"hy"}"""), new TestClientCall()));
        Assert.True(filter.Allows(Instance("not json"), new TestClientCall()));
    }

    [Fact]
    public void An_instances_verdict_is_kept_until_its_metadata_changes()
    {
        var filter = new TagsInstanceFilter(Lf, active: true);
        var instance = Instance("""{"idc":"hy"}""");
        var call = new TestClientCall();
        Assert.False(filter.Allows(instance, call));

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            Assert.False(filter.Allows(instance, call));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        instance.Update(new ServiceInstance(instance.Address, new Dictionary<string, string> { [InstanceMetadataKeys.Tags] = """{"idc":"lf"}""" }));
        Assert.True(filter.Allows(instance, call));
    }

    [Fact]
    public async Task The_server_filter_refuses_a_request_without_its_tags_naming_the_tag()
    {
        var filter = new TagsServerFilter(new Dictionary<string, string> { ["idc"] = "lf", ["env"] = "prod" });

        var differs = await Refusal(filter, new Metadata { ["rpc_tag_idc"] = "hy", ["rpc_tag_env"] = "prod" });
        var lacks = await Refusal(filter, new Metadata { ["rpc_tag_idc"] = "lf" });
        var none = await Refusal(filter, null);

        Assert.Equal((RpcStatusCode.PermissionDenied, "tag 'idc' does not match: this server serves idc=lf"), (differs.StatusCode, differs.Message));
        Assert.Equal((RpcStatusCode.PermissionDenied, "tag 'env' does not match: this server serves env=prod"), (lacks.StatusCode, lacks.Message));
        Assert.Equal(RpcStatusCode.PermissionDenied, none.StatusCode);
    }

    [Fact]
    public async Task The_server_filter_passes_a_request_with_its_tags_and_a_server_without_tags_passes_all()
    {
        var reached = 0;
        ServerCallHandler next = _ =>
        {
            reached++;
            return ValueTask.CompletedTask;
        };

        await new TagsServerFilter(Lf).InvokeAsync(new TestServerCall(metadata: new Metadata { ["rpc_tag_idc"] = "lf", ["rpc_tag_x"] = "y" }), next);
        await new TagsServerFilter(new Dictionary<string, string>()).InvokeAsync(new TestServerCall(), next);
        await new TagsServerFilter(new Dictionary<string, string>()).InvokeAsync(new TestServerCall(metadata: new Metadata { ["rpc_tag_idc"] = "hy" }), next);

        Assert.Equal(3, reached);
    }

    [Fact]
    public void The_plugin_registers_all_three_kinds_from_the_sides_options()
    {
        using var container = PluginContainer.Build(b => b.AddPlugin<TagsPlugin>());
        var client = new ClientSideOptions { Tags = Lf, Tagged = true };

        Assert.IsType<TagsClientFilter>(container.CreateClientFilter("tags", client));
        Assert.False(container.CreateInstanceFilter("tags", client).Allows(Instance("""{"idc":"hy"}"""), new TestClientCall()));
        Assert.True(container.CreateInstanceFilter("tags", client with { Tagged = false }).Allows(Instance("""{"idc":"hy"}"""), new TestClientCall()));
        Assert.IsType<TagsServerFilter>(container.CreateServerFilter("tags", new ServerSideOptions { Tags = Lf }));
    }

    private static InstanceState Instance(string? tags) => new(new ServiceInstance(
        "tcp://127.0.0.1:1",
        tags is null ? ServiceInstance.EmptyMetadata : new Dictionary<string, string> { [InstanceMetadataKeys.Tags] = tags }));

    private static async Task<RpcException> Refusal(TagsServerFilter filter, Metadata? metadata) =>
        await Assert.ThrowsAsync<RpcException>(() => filter.InvokeAsync(new TestServerCall(metadata: metadata), _ => ValueTask.CompletedTask).AsTask());
}
