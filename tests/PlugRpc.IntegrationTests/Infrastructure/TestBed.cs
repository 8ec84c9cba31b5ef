using System.Text.Json;
using Autofac;
using PlugRpc.Client;
using PlugRpc.Codec.Json;
using PlugRpc.Codec.MessagePack;
using PlugRpc.Codec.Protobuf;
using PlugRpc.Compression.Brotli;
using PlugRpc.Compression.Gzip;
using PlugRpc.Compression.Lz4;
using PlugRpc.Compression.Zstd;
using PlugRpc.Components;
using PlugRpc.Filters.Auth;
using PlugRpc.Filters.CircuitBreaker;
using PlugRpc.Filters.Degrade;
using PlugRpc.Filters.RateLimit;
using PlugRpc.Filters.Tags;
using PlugRpc.Options;
using PlugRpc.Plugins;
using PlugRpc.Samples.Arith;
using PlugRpc.Selectors;
using PlugRpc.Server;
using PlugRpc.Transport.Tcp;
using PlugRpc.Transport.Uds;

namespace PlugRpc.IntegrationTests.Infrastructure;

/// <summary>
/// A real server on a loopback port and a client of it, with the plugins referenced as plain projects
/// (the other way in besides plugins.json). Auth accepts "hello01"; the client sends it. The governance filters are
/// there too, active only for a side that lists them; a test's <c>extra</c> may add a plugin again with its own settings.
/// </summary>
internal sealed class TestBed : IAsyncDisposable
{
    public const string Token = "hello01";

    private TestBed(IContainer container, RpcServer server, RpcClient client, string address)
    {
        Container = container;
        Server = server;
        Client = client;
        Address = address;
    }

    public IContainer Container { get; }

    public RpcServer Server { get; }

    public RpcClient Client { get; }

    public string Address { get; }

    public static IContainer BuildContainer(Action<ContainerBuilder>? extra = null, JsonElement? tcpSettings = null)
    {
        var builder = new ContainerBuilder();
        builder.AddPlugRpcCore();
        builder.AddPlugin<MessagePackCodecPlugin>();
        builder.AddPlugin<JsonCodecPlugin>();
        builder.AddPlugin<ProtobufCodecPlugin>();
        builder.AddPlugin<GzipCompressionPlugin>();
        builder.AddPlugin<BrotliCompressionPlugin>();
        builder.AddPlugin<Lz4CompressionPlugin>();
        builder.AddPlugin<ZstdCompressionPlugin>();
        builder.AddPlugin<TcpTransportPlugin>(tcpSettings);
        builder.AddPlugin<UdsTransportPlugin>();
        builder.AddPlugin<SelectorsPlugin>();
        builder.AddPlugin<AuthPlugin>(JsonDocument.Parse($"{{\"tokens\":[\"{Token}\"],\"token\":\"{Token}\"}}").RootElement);
        builder.AddPlugin<DegradePlugin>();
        builder.AddPlugin<CircuitBreakerPlugin>();
        builder.AddPlugin<TagsPlugin>();
        builder.AddPlugin<RateLimitPlugin>(JsonDocument.Parse("""{"permitsPerSecond": 1000, "queue": 100}""").RootElement);
        extra?.Invoke(builder);
        return builder.Build();
    }

    public static async Task<TestBed> StartAsync(
        Action<ServerOptions>? configureServer = null,
        Action<ClientOptions>? configureClient = null,
        Action<ContainerBuilder>? extra = null,
        string listenOn = "tcp://127.0.0.1:0",
        JsonElement? tcpSettings = null)
    {
        var container = BuildContainer(extra, tcpSettings);
        var serverOptions = new ServerOptions { Filters = ["auth"], ShutdownWait = TimeSpan.FromSeconds(5) };
        configureServer?.Invoke(serverOptions);
        var server = container.CreateRpcServer(serverOptions);
        server.AddService(new ArithService());
        var gate = new GateService();
        server.AddService(gate);
        server.AddService(new EchoService());
        var keeper = new KeeperService();
        server.AddService(keeper);
        var deadlines = new DeadlineService();
        server.AddService(deadlines);
        var address = (await server.ListenAsync(listenOn)).ToString();
        var clientOptions = new ClientOptions { Addresses = [address], Filters = ["auth"], RequestTimeout = TimeSpan.FromSeconds(5) };
        configureClient?.Invoke(clientOptions);
        var client = container.CreateRpcClient(clientOptions);
        return new TestBed(container, server, client, address) { Gate = gate, Keeper = keeper, Deadlines = deadlines };
    }

    public GateService Gate { get; private init; } = null!;

    public KeeperService Keeper { get; private init; } = null!;

    public DeadlineService Deadlines { get; private init; } = null!;

    public Task<ArithResponse> AddAsync(long a, long b, CallOptions? options = null) =>
        Client.CallAsync<ArithRequest, ArithResponse>("ArithService.Add", new ArithRequest { A = a, B = b }, options);

    public async ValueTask DisposeAsync()
    {
        Gate.Release();
        await Client.DisposeAsync();
        await Server.DisposeAsync();
        await Container.DisposeAsync();
    }
}
