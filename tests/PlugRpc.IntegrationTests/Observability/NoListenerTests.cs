using PlugRpc.Diagnostics;
using PlugRpc.IntegrationTests.Infrastructure;
using PlugRpc.Samples.Arith;

namespace PlugRpc.IntegrationTests.Observability;

/// <summary>With nobody listening, a call carries no trace context: the wire is what it was before tracing.</summary>
[Collection(AloneCollection.Name)]
public sealed class NoListenerTests
{
    [Fact]
    public async Task Without_a_listener_no_trace_context_goes_on_the_wire_and_go_rpc_keys_pass_through()
    {
        Assert.False(RpcDiagnostics.ActivitySource.HasListeners(), "another test left an ActivityListener on PlugRpc's source");
        await using var bed = await TestBed.StartAsync();
        var sent = TracingTests.OpenTracingMetadata();

        await bed.Client.CallAsync<ArithRequest, ArithResponse>("Keeper.Keep", new ArithRequest { A = 1 });
        await bed.Client.CallPooledAsync<ArithRequest, ArithResponse>("Keeper.Keep", new ArithRequest { A = 2 }, new CallOptions { Metadata = sent });

        var kept = bed.Keeper.Kept.ToList();
        Assert.Equal(2, kept.Count);
        Assert.All(kept, context =>
        {
            Assert.False(context.Metadata.ContainsKey(MetadataKeys.TraceParent));
            Assert.False(context.Metadata.ContainsKey(MetadataKeys.TraceState));
        });
        Assert.Equal([MetadataKeys.Auth], kept[0].Metadata.Select(m => m.Key));
        Assert.Equal([.. sent.Select(m => m.Key), MetadataKeys.Auth], kept[1].Metadata.Select(m => m.Key));
        Assert.All(sent, pair => Assert.Equal(pair.Value, kept[1].Metadata[pair.Key]));
    }
}
