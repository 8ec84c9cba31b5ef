using PlugRpc.Components;
using PlugRpc.IntegrationTests.Infrastructure;
using PlugRpc.Options;
using PlugRpc.Plugins;
using PlugRpc.Samples.Arith;
using PlugRpc.Server;

namespace PlugRpc.IntegrationTests;

/// <summary>go-rpc's tag routing over real servers: servers refuse requests without their tags; Tagged clients call only matching servers.</summary>
public sealed class TagRoutingTests
{
    private static readonly Dictionary<string, string> Lf = new() { ["idc"] = "lf" };

    [Fact]
    public async Task A_tagged_server_refuses_a_request_without_its_tags_naming_the_tag()
    {
        await using var bed = await TestBed.StartAsync(
            configureServer: s =>
            {
                s.Filters = ["auth", "tags"];
                s.Tags = Lf;
            },
            configureClient: c =>
            {
                c.Filters = ["auth", "tags"];
                c.Tags = new() { ["idc"] = "hy" };
            });
        await using var untagged = bed.Container.CreateRpcClient(new ClientOptions { Addresses = [bed.Address], Filters = ["auth"] });
        await using var matching = bed.Container.CreateRpcClient(new ClientOptions { Addresses = [bed.Address], Filters = ["auth", "tags"], Tags = Lf });

        var differs = await Assert.ThrowsAsync<RpcException>(() => bed.AddAsync(1, 2));
        var lacks = await Assert.ThrowsAsync<RpcException>(() => AddAsync(untagged));

        Assert.Equal((RpcStatusCode.PermissionDenied, "tag 'idc' does not match: this server serves idc=lf"), (differs.StatusCode, differs.Message));
        Assert.Equal((RpcStatusCode.PermissionDenied, "tag 'idc' does not match: this server serves idc=lf"), (lacks.StatusCode, lacks.Message));
        Assert.Equal(3, (await AddAsync(matching)).Reply);
    }

    [Fact]
    public async Task A_server_without_tags_serves_clients_with_and_without_them()
    {
        await using var bed = await TestBed.StartAsync(
            configureServer: s => s.Filters = ["auth", "tags"],
            configureClient: c =>
            {
                c.Filters = ["auth", "tags"];
                c.Tags = Lf;
            });
        await using var untagged = bed.Container.CreateRpcClient(new ClientOptions { Addresses = [bed.Address], Filters = ["auth", "tags"] });

        Assert.Equal(3, (await bed.AddAsync(1, 2)).Reply);
        Assert.Equal(3, (await AddAsync(untagged)).Reply);
    }

    [Fact]
    public async Task A_tagged_client_calls_only_the_servers_whose_tags_match()
    {
        await using var bed = await TestBed.StartAsync(
            configureServer: s =>
            {
                s.Filters = ["auth", "tags"];
                s.Tags = Lf;
            },
            extra: b => b.RegisterSelector(RoundRobinSelector.Name, _ => new RoundRobinSelector()));
        await using var hy = await StartServerAsync(bed, new() { ["idc"] = "hy" });
        var instances = new List<InstanceOptions>
        {
            new() { Address = hy.Address, Tags = new() { ["idc"] = "hy" } },
            new() { Address = bed.Address, Tags = Lf },
        };
        await using var tagged = Client(bed, instances, Lf, tagged: true);
        await using var untagged = Client(bed, instances, Lf, tagged: false);
        await using var unmatched = Client(bed, instances, new() { ["idc"] = "zz" }, tagged: true);

        var taggedOutcomes = await OutcomesAsync(tagged, 10);
        var untaggedOutcomes = await OutcomesAsync(untagged, 10);
        var none = await Assert.ThrowsAsync<RpcException>(() => AddAsync(unmatched));

        Assert.All(taggedOutcomes, s => Assert.Equal(RpcStatusCode.Ok, s));
        Assert.Equal(5, untaggedOutcomes.Count(s => s == RpcStatusCode.PermissionDenied));
        Assert.Equal(RpcStatusCode.Unavailable, none.StatusCode);
        Assert.Contains("""tags differ from {"idc":"zz"}""", none.Message);
    }

    private static Task<ArithResponse> AddAsync(Client.RpcClient client) =>
        client.CallAsync<ArithRequest, ArithResponse>("ArithService.Add", new ArithRequest { A = 1, B = 2 });

    private static Client.RpcClient Client(TestBed bed, List<InstanceOptions> instances, Dictionary<string, string> tags, bool tagged) =>
        bed.Container.CreateRpcClient(new ClientOptions
        {
            Instances = instances,
            Filters = ["auth", "tags"],
            Tags = tags,
            Tagged = tagged,
            Selector = RoundRobinSelector.Name,
        });

    private static async Task<List<RpcStatusCode>> OutcomesAsync(Client.RpcClient client, int count)
    {
        var outcomes = new List<RpcStatusCode>();
        for (var i = 0; i < count; i++)
        {
            try
            {
                await AddAsync(client);
                outcomes.Add(RpcStatusCode.Ok);
            }
            catch (RpcException ex)
            {
                outcomes.Add(ex.StatusCode);
            }
        }

        return outcomes;
    }

    private static async Task<RunningServer> StartServerAsync(TestBed bed, Dictionary<string, string> tags)
    {
        var server = bed.Container.CreateRpcServer(new ServerOptions { Filters = ["auth", "tags"], Tags = tags, ShutdownWait = TimeSpan.FromSeconds(1) });
        server.AddService(new ArithService());
        return new RunningServer(server, (await server.ListenAsync("tcp://127.0.0.1:0")).ToString());
    }

    private sealed record RunningServer(RpcServer Server, string Address) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Server.DisposeAsync();
    }
}
