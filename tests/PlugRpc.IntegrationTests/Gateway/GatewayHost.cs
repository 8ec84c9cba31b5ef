using System.Text;
using System.Text.Json.Nodes;
using Autofac;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PlugRpc.Gateway.Http;
using PlugRpc.Hosting;
using PlugRpc.IntegrationTests.Infrastructure;

namespace PlugRpc.IntegrationTests.Gateway;

/// <summary>
/// A PlugRpc host in this process, built as PlugRpc.Host builds one: the repository's plugins.json (every plugin from
/// its folder) plus the gateway on a free loopback port, serving the sample Arith and the fleet fixture's service
/// (whose assembly also adds the example HTTP endpoints) on a free TCP port. Its own client points at a closed port
/// unless a test changes the manifest, so a call that succeeds was served in-process.
/// </summary>
internal sealed class GatewayHost : IAsyncDisposable
{
    public const string GatewayPlugin = "PlugRpc.Gateway.Http";
    public const string Token = "hello01";

    private readonly string directory;

    private GatewayHost(IHost host, string directory)
    {
        Host = host;
        this.directory = directory;
        // The plugin came from its folder, into a load context of its own: its GatewayService is not this
        // assembly's, so its URLs are read by name.
        var gateway = host.Services.GetServices<IHostedService>().Single(h => h.GetType().FullName == typeof(GatewayService).FullName);
        var urls = (IReadOnlyList<string>)gateway.GetType().GetProperty(nameof(GatewayService.Urls))!.GetValue(gateway)!;
        Url = new Uri(urls[0]);
        Http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(30) };
    }

    public IHost Host { get; }

    public Uri Url { get; }

    public HttpClient Http { get; }

    /// <summary>Where the host's RPC server listens (tcp://127.0.0.1:port).</summary>
    public string RpcAddress => Host.Services.GetRequiredService<RpcServerService>().ListenAddresses[0].ToString();

    /// <param name="change">Changes to the manifest before the host starts (filters, services, client addresses…).</param>
    /// <param name="serve">Whether the host runs an RPC server.</param>
    /// <param name="container">More registrations, as a plugin's would be.</param>
    public static async Task<GatewayHost> StartAsync(
        Action<JsonNode>? change = null, bool serve = true, string gatewayUrl = "http://127.0.0.1:0", Action<ContainerBuilder>? container = null)
    {
        var directory = Directory.CreateTempSubdirectory("plugrpc-gateway-").FullName;
        var manifest = Manifest(gatewayUrl);
        change?.Invoke(manifest);
        var path = Path.Combine(directory, "plugins.json");
        await File.WriteAllTextAsync(path, manifest.ToJsonString());
        var host = new HostBuilder()
            .UsePlugRpc(path, o =>
            {
                o.Serve = serve;
                o.MinimumLogLevel = LogLevel.Warning;
            })
            .ConfigureContainer<ContainerBuilder>(builder => container?.Invoke(builder))
            .Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            Directory.Delete(directory, recursive: true);
            throw;
        }

        return new GatewayHost(host, directory);
    }

    /// <summary>The manifest the host starts from; see the class summary.</summary>
    public static JsonNode Manifest(string gatewayUrl)
    {
        var manifest = RepoManifest.Load();
        SetPluginSettings(manifest, GatewayPlugin, new JsonObject { ["url"] = gatewayUrl });
        manifest["services"]!.AsArray().Add(new JsonObject { ["assembly"] = FleetConfig.ServicePath });
        manifest["server"]!["addresses"] = new JsonArray("tcp://127.0.0.1:0");
        manifest["server"]!["shutdownWait"] = "1s";
        manifest["client"]!["addresses"] = new JsonArray($"tcp://127.0.0.1:{FreePort.Next()}");
        return manifest;
    }

    /// <summary>Sets the settings of plugin <paramref name="name"/> in <paramref name="manifest"/>, listing it when it is not.</summary>
    public static void SetPluginSettings(JsonNode manifest, string name, JsonNode settings)
    {
        var plugins = manifest["plugins"]!.AsArray();
        var entry = plugins.FirstOrDefault(p => p!["name"]!.GetValue<string>() == name);
        if (entry is null)
        {
            plugins.Add(new JsonObject { ["name"] = name, ["settings"] = settings });
        }
        else
        {
            entry["settings"] = settings;
        }
    }

    /// <summary>A POST of <paramref name="json"/> to <paramref name="path"/>, with go-rpc's meta_data header when given.</summary>
    public static HttpRequestMessage Post(string path, string json, string? metaData = null, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, contentType) };
        if (metaData is not null)
        {
            request.Headers.TryAddWithoutValidation("rpc-header-meta_data", metaData);
        }

        return request;
    }

    /// <summary>go-rpc's meta_data carrying the auth token (and <paramref name="more"/> JSON members, e.g. "\"idc\":\"lf\"").</summary>
    public static string Auth(string token = Token, string? more = null) =>
        more is null ? $$"""{"rpc_auth":"{{token}}"}""" : $$"""{"rpc_auth":"{{token}}",{{more}}}""";

    /// <summary>POSTs <paramref name="json"/> to /<paramref name="service"/>/<paramref name="method"/> with the auth token.</summary>
    public Task<HttpResponseMessage> CallAsync(string service, string method, string json, string? metaData = null) =>
        Http.SendAsync(Post($"/{service}/{method}", json, metaData ?? Auth()));

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        try
        {
            await Host.StopAsync(TimeSpan.FromSeconds(10));
        }
        finally
        {
            Host.Dispose();
            Directory.Delete(directory, recursive: true);
        }
    }
}
