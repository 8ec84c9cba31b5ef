using Autofac;
using PlugRpc.Components;
using PlugRpc.Filters;
using PlugRpc.IntegrationTests.Infrastructure;
using PlugRpc.Options;
using PlugRpc.Plugins;
using PlugRpc.Samples.Arith;
using PlugRpc.Server;

namespace PlugRpc.IntegrationTests;

/// <summary>The selectors plugin choosing among three real servers on loopback, each counting the calls it gets.</summary>
public sealed class SelectorsOverRealServersTests
{
    private const int Calls = 30;

    [Fact]
    public async Task Round_robin_gives_each_server_the_same_number_of_calls()
    {
        var counts = await CallThreeServersAsync(new ClientOptions { Selector = "roundrobin" }, _ => null);

        Assert.Equal([10, 10, 10], counts);
    }

    [Fact]
    public async Task Weighted_follows_the_weights_given_in_the_clients_options()
    {
        var counts = await CallThreeServersAsync(new ClientOptions { Selector = "weighted" }, _ => null, weights: [3, 1, 1]);

        Assert.Equal([18, 6, 6], counts);
    }

    [Fact]
    public async Task Hash_sends_every_call_with_one_routing_key_to_one_server()
    {
        var counts = await CallThreeServersAsync(new ClientOptions { Selector = "hash" }, _ => new CallOptions { RoutingKey = "order-17" });

        Assert.Equal(Calls, counts.Max());
    }

    [Theory]
    [InlineData("random")]
    [InlineData(null)]
    public async Task Random_and_the_default_p2c_answer_every_call(string? selector)
    {
        var counts = await CallThreeServersAsync(new ClientOptions { Selector = selector }, _ => null);

        Assert.Equal(Calls, counts.Sum());
    }

    /// <summary>Makes <see cref="Calls"/> calls one after another through a client of three servers; returns each server's count.</summary>
    private static async Task<int[]> CallThreeServersAsync(ClientOptions options, Func<int, CallOptions?> callOptions, int[]? weights = null)
    {
        var counters = new[] { new CountingFilter(), new CountingFilter(), new CountingFilter() };
        await using var container = TestBed.BuildContainer(b =>
        {
            for (var i = 0; i < counters.Length; i++)
            {
                var counter = counters[i];
                b.RegisterServerFilter($"count-{i}", _ => counter);
            }
        });
        var servers = new List<RpcServer>();
        try
        {
            for (var i = 0; i < counters.Length; i++)
            {
                var server = container.CreateRpcServer(new ServerOptions { Filters = [$"count-{i}"], ShutdownWait = TimeSpan.FromSeconds(2) });
                servers.Add(server);
                server.AddService(new ArithService());
                var address = (await server.ListenAsync("tcp://127.0.0.1:0")).ToString();
                options.Instances.Add(new InstanceOptions { Address = address, Weight = weights?[i] });
            }

            await using var client = container.CreateRpcClient(options);
            for (var call = 0; call < Calls; call++)
            {
                var reply = await client.CallAsync<ArithRequest, ArithResponse>("ArithService.Add", new ArithRequest { A = call, B = 1 }, callOptions(call));
                Assert.Equal(call + 1, reply.Reply);
            }
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
        }

        return [.. counters.Select(c => c.Calls)];
    }

    private sealed class CountingFilter : IServerFilter
    {
        private int calls;

        public int Calls => Volatile.Read(ref calls);

        public ValueTask InvokeAsync(CallContext context, ServerCallHandler next)
        {
            Interlocked.Increment(ref calls);
            return next(context);
        }
    }
}
