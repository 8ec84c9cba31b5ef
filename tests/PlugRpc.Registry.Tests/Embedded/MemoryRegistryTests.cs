using PlugRpc.Discovery;
using PlugRpc.IntegrationTests.Infrastructure;
using PlugRpc.Registry.Tests.Infrastructure;

namespace PlugRpc.Registry.Tests.Embedded;

/// <summary>Registration and discovery through memory://, servers and clients in one process over real sockets.</summary>
public sealed class MemoryRegistryTests
{
    private static string FreshRegistry() => $"memory://{Guid.NewGuid():N}";

    [Fact]
    public async Task A_server_registers_once_it_listens_and_a_client_finds_and_calls_it()
    {
        await using var bed = new RegistryBed();
        var registry = FreshRegistry();
        var server = await bed.StartServerAsync(registry, "arith", o => o.Tags["idc"] = "lf");
        await server.Registrations[0].Registered.WaitAsync(TimeSpan.FromSeconds(5));
        var client = bed.CreateClient(registry, "arith");

        var reply = await RegistryBed.AddAsync(client, 2, 3);

        Assert.Equal(5, reply.Reply);
        var instance = Assert.Single(client.Instances);
        Assert.Equal(server.ListenAddresses[0].ToString(), instance.Address);
        Assert.Equal("""{"idc":"lf"}""", instance.Instance.Metadata[InstanceMetadataKeys.Tags]);
        Assert.True(instance.Instance.Metadata.ContainsKey(InstanceMetadataKeys.StartTime));
        Assert.True(client.Discovery.Reachable);
        Assert.NotNull(client.Discovery.ConfirmedAt);
    }

    [Fact]
    public async Task A_new_server_is_in_a_watching_clients_view_within_a_second()
    {
        await using var bed = new RegistryBed();
        var registry = FreshRegistry();
        await bed.StartServerAsync(registry, "arith");
        var client = bed.CreateClient(registry, "arith");
        await RegistryBed.AddAsync(client, 1, 1);

        var second = await bed.StartServerAsync(registry, "arith");
        var started = DateTime.UtcNow;
        await Eventually.TrueAsync(() => client.Instances.Count == 2, "the second server in the view");

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(1), $"seen after {(DateTime.UtcNow - started).TotalMilliseconds:0} ms");
        Assert.Contains(client.Instances, i => i.Address == second.ListenAddresses[0].ToString());
    }

    [Fact]
    public async Task A_graceful_stop_deregisters_before_refusing_calls_so_a_client_under_load_sees_no_failure()
    {
        await using var bed = new RegistryBed();
        var registry = FreshRegistry();
        var leaving = await bed.StartServerAsync(registry, "arith", o => o.DeregisterDelay = TimeSpan.FromSeconds(1));
        await bed.StartServerAsync(registry, "arith");
        var client = bed.CreateClient(registry, "arith");
        await Eventually.TrueAsync(() => client.Instances.Count == 2, "both servers in the view");

        var (calls, failures) = await RegistryBed.UnderLoadAsync(client, () => leaving.StopAsync());

        Assert.Equal(0, failures);
        Assert.True(calls > 50, $"only {calls} calls made");
        Assert.DoesNotContain(client.Instances, i => i.Address == leaving.ListenAddresses[0].ToString());
    }

    [Fact]
    public async Task An_instance_that_leaves_the_view_has_its_connection_closed_once_its_calls_are_done()
    {
        await using var bed = new RegistryBed();
        var registry = FreshRegistry();
        var leaving = await bed.StartServerAsync(registry, "arith", o => o.DeregisterDelay = TimeSpan.FromSeconds(3));
        var client = bed.CreateClient(registry, "arith", o => o.EmptyListGrace = TimeSpan.Zero);
        await RegistryBed.AddAsync(client, 1, 2);
        Assert.Equal(1, leaving.ConnectionCount);

        var stopping = leaving.StopAsync();
        await Eventually.TrueAsync(() => leaving.ConnectionCount == 0, "the client closing its connection to the deregistered server");

        Assert.False(stopping.IsCompleted, "the server was still within its deregister delay");
        await stopping;
    }

    [Fact]
    public async Task An_app_key_with_no_instances_fails_calls_with_unavailable_saying_none_is_registered()
    {
        await using var bed = new RegistryBed();
        var registry = FreshRegistry();
        var client = bed.CreateClient(registry, "nobody");

        var error = await Assert.ThrowsAsync<RpcException>(() => RegistryBed.AddAsync(client, 1, 2));

        Assert.Equal(RpcStatusCode.Unavailable, error.StatusCode);
        Assert.Contains($"no server is registered under app key 'nobody' at {registry}", error.Message);
    }

    [Fact]
    public async Task A_registry_url_of_an_unknown_scheme_is_one_clear_error_naming_the_schemes_there_are()
    {
        await using var bed = new RegistryBed();

        var error = Assert.Throws<RpcException>(() => bed.CreateClient("zk://127.0.0.1:2181/x", "arith"));

        Assert.Equal(RpcStatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("no registry scheme named 'zk' is registered (registered: ", error.Message);
        Assert.Contains("memory", error.Message);
        Assert.Contains("zookeeper", error.Message);
    }

    [Theory]
    [InlineData("127.0.0.1:2181", "is not a URL")]
    [InlineData("zookeeper://h1:2181,,h2/x", "empty host")]
    [InlineData("zookeeper://h1:99999/x", "malformed host")]
    [InlineData("etcd://h1:2379/x?ttl", "malformed query parameter")]
    public async Task A_malformed_registry_url_is_one_clear_line(string url, string expected)
    {
        await using var bed = new RegistryBed();

        var error = Assert.Throws<Options.OptionsValidationException>(() => bed.CreateClient(url, "arith"));

        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain("\n", error.Message.Trim());
    }

    [Theory]
    [InlineData("memory://x?ttl=1s", "memory has no parameter 'ttl'; it takes none")]
    [InlineData("file:///tmp/plugrpc-x?tll=1s", "file has no parameter 'tll'; it takes ttl")]
    public async Task A_misspelt_registry_parameter_is_refused_naming_those_there_are(string url, string expected)
    {
        await using var bed = new RegistryBed();

        var error = Assert.Throws<RpcException>(() => bed.CreateClient(url, "arith"));

        Assert.Equal(RpcStatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public async Task A_client_without_an_app_key_is_refused_in_one_line()
    {
        await using var bed = new RegistryBed();

        var error = Assert.Throws<Options.OptionsValidationException>(() => bed.CreateClient(FreshRegistry(), " "));

        Assert.Contains("needs an appKey", error.Message);
    }
}
