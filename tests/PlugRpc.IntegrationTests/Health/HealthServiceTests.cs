using PlugRpc.Client;
using PlugRpc.Components;
using PlugRpc.IntegrationTests.Infrastructure;
using PlugRpc.Options;
using PlugRpc.Plugins;
using PlugRpc.Registry.Embedded;
using PlugRpc.Services;

namespace PlugRpc.IntegrationTests.Health;

/// <summary>The Health service every server answers, called over real sockets as any method, after grpc.health.v1.</summary>
public sealed class HealthServiceTests
{
    [Theory]
    [InlineData("msgpack")]
    [InlineData("json")]
    [InlineData("protobuf")]
    public async Task The_whole_server_and_a_hosted_service_are_serving(string codec)
    {
        await using var bed = await TestBed.StartAsync(configureClient: c => c.Codec = codec);

        Assert.Equal(ServingStatus.Serving, await StatusAsync(bed.Client, string.Empty));
        Assert.Equal(ServingStatus.Serving, await StatusAsync(bed.Client, "ArithService"));
        Assert.Equal(ServingStatus.Serving, await StatusAsync(bed.Client, RpcHealth.ServiceName));
    }

    [Theory]
    [InlineData("msgpack")]
    [InlineData("json")]
    public async Task A_go_rpc_client_calls_it_by_name_with_a_plain_body(string codec)
    {
        await using var bed = await TestBed.StartAsync(configureClient: c => c.Codec = codec);

        // No types: the codec carries the JSON as a Go client's struct {Service string} would be, and back.
        var reply = (await bed.Client.CallJsonAsync(new JsonCall("Health", "Check", """{"Service":"ArithService"}"""))).ResponseJson;

        Assert.Equal("""{"Status":1}""", reply);
    }

    [Fact]
    public async Task An_unknown_service_is_not_found()
    {
        await using var bed = await TestBed.StartAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => StatusAsync(bed.Client, "NoSuchService"));

        Assert.Equal(RpcStatusCode.NotFound, error.StatusCode);
        Assert.Equal("health: unknown service 'NoSuchService'", error.Message);
    }

    [Fact]
    public async Task A_status_the_application_sets_is_answered()
    {
        await using var bed = await TestBed.StartAsync();

        bed.Server.SetServingStatus("ArithService", ServingStatus.NotServing);
        bed.Server.SetServingStatus("Elsewhere", ServingStatus.Serving);

        Assert.Equal(ServingStatus.NotServing, await StatusAsync(bed.Client, "ArithService"));
        Assert.Equal(ServingStatus.Serving, await StatusAsync(bed.Client, "Elsewhere"));
        Assert.Equal(ServingStatus.Serving, await StatusAsync(bed.Client, string.Empty));
    }

    [Fact]
    public async Task Everything_is_not_serving_while_the_server_drains()
    {
        await using var bed = await TestBed.StartAsync(
            configureServer: o =>
            {
                o.Registry = $"memory://health-{Guid.NewGuid():N}";
                o.AppKey = "arith";
                o.DeregisterDelay = TimeSpan.FromSeconds(2);
            },
            extra: b => b.AddPlugin<EmbeddedRegistryPlugin>());
        await bed.Server.Registrations[0].Registered.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(ServingStatus.Serving, await StatusAsync(bed.Client, string.Empty));

        var stopping = bed.Server.StopAsync();

        // Still answering for the deregister delay, but telling callers to go elsewhere.
        Assert.True(bed.Server.Draining);
        Assert.Equal(ServingStatus.NotServing, await StatusAsync(bed.Client, string.Empty));
        Assert.Equal(ServingStatus.NotServing, await StatusAsync(bed.Client, "ArithService"));
        Assert.False(stopping.IsCompleted, "the answers came within the deregister delay");
        await stopping;
    }

    [Fact]
    public async Task A_health_service_of_the_applications_own_takes_its_place()
    {
        await using var container = TestBed.BuildContainer();
        await using var server = container.CreateRpcServer(new ServerOptions());
        server.AddService(new OwnHealth());
        var address = (await server.ListenAsync("tcp://127.0.0.1:0")).ToString();
        await using var client = container.CreateRpcClient(new ClientOptions { Addresses = [address] });

        Assert.Equal(ServingStatus.Unknown, await StatusAsync(client, "anything"));
    }

    private static async Task<ServingStatus> StatusAsync(RpcClient client, string service) =>
        (await client.CallAsync<HealthCheckRequest, HealthCheckResponse>(RpcHealth.CheckMethod, new HealthCheckRequest { Service = service })).Status;

    /// <summary>An application's own Health service: it always answers Unknown.</summary>
    [RpcService("Health")]
    public sealed class OwnHealth
    {
        public Task<HealthCheckResponse> Check(HealthCheckRequest request, CancellationToken cancellationToken) =>
            Task.FromResult(new HealthCheckResponse { Status = ServingStatus.Unknown });
    }
}
