using Autofac;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PlugRpc.Client;
using PlugRpc.Codec.MessagePack;
using PlugRpc.Components;
using PlugRpc.IntegrationTests.Infrastructure;
using PlugRpc.Options;
using PlugRpc.Plugins;
using PlugRpc.Registry.Embedded;
using PlugRpc.Registry.Consul;
using PlugRpc.Registry.Etcd;
using PlugRpc.Registry.ZooKeeper;
using PlugRpc.Filters.Tags;
using PlugRpc.Samples.Arith;
using PlugRpc.Selectors;
using PlugRpc.Server;
using PlugRpc.Transport.Tcp;

namespace PlugRpc.Registry.Tests.Infrastructure;

/// <summary>
/// In-process servers and clients that find each other through a registry URL, each with its own container (so
/// each opens its own registry session, as separate processes would), with the plugins as plain project
/// references. Everything logged goes to <see cref="Logs"/> (or nowhere, for a run too long to keep every line).
/// Disposing stops whatever is still running.
/// </summary>
internal sealed class RegistryBed(bool keepLogs = true) : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> owned = [];

    public CapturedLogs Logs { get; } = new();

    public static Task<ArithResponse> AddAsync(RpcClient client, long a, long b, CancellationToken cancellationToken = default) =>
        client.CallAsync<ArithRequest, ArithResponse>("ArithService.Add", new ArithRequest { A = a, B = b }, null, cancellationToken);

    /// <summary>Eight callers calling Add in a loop while <paramref name="during"/> runs (200 ms of load before and after); the calls made and failed.</summary>
    public static async Task<(int Calls, int Failures)> UnderLoadAsync(RpcClient client, Func<Task> during)
    {
        using var load = new CancellationTokenSource();
        var failures = 0;
        var calls = 0;
        var workers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (!load.IsCancellationRequested)
            {
                try
                {
                    await AddAsync(client, 1, 2);
                    Interlocked.Increment(ref calls);
                }
                catch (RpcException)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })).ToArray();
        await Task.Delay(200);
        await during();
        await Task.Delay(200);
        load.Cancel();
        await Task.WhenAll(workers);
        return (calls, failures);
    }

    public IContainer BuildContainer()
    {
        var builder = new ContainerBuilder();
        builder.AddPlugRpcCore();
        builder.AddPlugin<MessagePackCodecPlugin>();
        builder.AddPlugin<TcpTransportPlugin>();
        builder.AddPlugin<SelectorsPlugin>();
        builder.AddPlugin<EmbeddedRegistryPlugin>();
        builder.AddPlugin<EtcdRegistryPlugin>();
        builder.AddPlugin<ZooKeeperRegistryPlugin>();
        builder.AddPlugin<ConsulRegistryPlugin>();
        builder.AddPlugin<TagsPlugin>();
        builder.RegisterInstance(keepLogs ? Logs.CreateFactory() : NullLoggerFactory.Instance).As<ILoggerFactory>();
        var container = builder.Build();
        owned.Add(container);
        return container;
    }

    /// <summary>A server of ArithService on a free loopback port, registered under <paramref name="appKey"/>; returns once it is registered.</summary>
    public async Task<RpcServer> StartServerAsync(string registry, string appKey, Action<ServerOptions>? configure = null)
    {
        var options = new ServerOptions { Registry = registry, AppKey = appKey, DeregisterDelay = TimeSpan.FromMilliseconds(300), ShutdownWait = TimeSpan.FromSeconds(5) };
        configure?.Invoke(options);
        var server = BuildContainer().CreateRpcServer(options);
        server.AddService(new ArithService());
        owned.Insert(0, server);
        await server.ListenAsync("tcp://127.0.0.1:0");
        await server.Registrations[0].Registered.WaitAsync(TimeSpan.FromSeconds(15));
        return server;
    }

    public RpcClient CreateClient(string registry, string appKey, Action<ClientOptions>? configure = null)
    {
        var options = new ClientOptions { Registry = registry, AppKey = appKey, RequestTimeout = TimeSpan.FromSeconds(5) };
        configure?.Invoke(options);
        var client = BuildContainer().CreateRpcClient(options);
        owned.Insert(0, client);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var item in owned)
        {
            await item.DisposeAsync();
        }
    }
}
