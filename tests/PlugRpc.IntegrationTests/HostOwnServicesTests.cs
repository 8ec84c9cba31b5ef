using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PlugRpc.Hosting;
using PlugRpc.IntegrationTests.Infrastructure;
using PlugRpc.Samples.Arith;
using PlugRpc.Services;

namespace PlugRpc.IntegrationTests;

/// <summary>A host serves classes of its own assembly that plugins.json does not list, beside those it does.</summary>
public sealed class HostOwnServicesTests : IDisposable
{
    private readonly string config = Path.Combine(Path.GetTempPath(), $"plugrpc-own-{Guid.NewGuid():N}.json");

    public void Dispose() => File.Delete(config);

    [Fact]
    public async Task A_service_class_of_the_host_is_served_without_a_manifest_entry()
    {
        var manifest = RepoManifest.Load();
        manifest["services"] = new JsonArray();
        await File.WriteAllTextAsync(config, manifest.ToJsonString());
        using var host = new HostBuilder()
            .UsePlugRpc(config, o =>
            {
                o.Addresses.Add("tcp://127.0.0.1:0");
                o.MinimumLogLevel = LogLevel.Warning;
                o.AddService<Greeter>();
            })
            .Build();
        await host.StartAsync();
        var address = host.Services.GetRequiredService<RpcServerService>().ListenAddresses[0].ToString();
        await using var bed = await TestBed.StartAsync(configureClient: c => c.Addresses = [address]);

        var reply = await bed.Client.CallAsync<ArithRequest, ArithResponse>("Greeter.Twice", new ArithRequest { A = 21 });
        await host.StopAsync();

        Assert.Equal(42, reply.Reply);
    }

    [Fact]
    public void A_class_or_assembly_without_RpcService_is_refused_naming_it()
    {
        var options = new PlugRpcHostOptions();

        var type = Assert.Throws<ArgumentException>(() => options.AddService<NotAService>());
        var assembly = Assert.Throws<ArgumentException>(() => options.AddServices(typeof(PlugRpcHostOptions).Assembly));

        Assert.StartsWith("NotAService is not marked [RpcService]", type.Message, StringComparison.Ordinal);
        Assert.StartsWith("PlugRpc.Hosting has no public class marked [RpcService]", assembly.Message, StringComparison.Ordinal);
    }

    [RpcService]
    public sealed class Greeter
    {
        public ArithResponse Twice(ArithRequest request) => new() { Reply = request.A * 2 };
    }

    public sealed class NotAService;
}
