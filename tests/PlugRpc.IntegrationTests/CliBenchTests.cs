using System.Text.Json;
using PlugRpc.Components;
using PlugRpc.IntegrationTests.Infrastructure;
using PlugRpc.Options;
using PlugRpc.Samples.Arith;
using PlugRpc.Services;

namespace PlugRpc.IntegrationTests;

/// <summary>
/// The command-line client against two service hosts, as processes: several addresses for call, ping and bench,
/// request metadata, the bench's report; and every user mistake as one line and exit 2. The CLI's config loads
/// its own plugins (no auth filter, so only --metadata brings the token the hosts require) and the random selector.
/// </summary>
public sealed class CliBenchTests : IClassFixture<CliBenchTests.TwoHosts>
{
    private static readonly TimeSpan ProgramTimeout = TimeSpan.FromSeconds(60);
    private readonly TwoHosts hosts;

    public CliBenchTests(TwoHosts hosts)
    {
        this.hosts = hosts;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Call_takes_several_addresses_comma_separated_or_repeated(bool commaSeparated)
    {
        string[] addresses = commaSeparated ? [$"{hosts.A},{hosts.B}"] : ["--address", hosts.A, "--address", hosts.B];

        var run = await Cli(["call", .. addresses, "ArithService.Add", "{\"A\":1,\"B\":2}", "--metadata", "rpc_auth=hello01", "--config", hosts.Config]);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("{\"Reply\":3}", run.Stdout.Trim());
    }

    [Fact]
    public async Task Ping_prints_one_line_per_address()
    {
        var run = await Cli("ping", $"{hosts.A},{hosts.B}", "--config", hosts.Config);

        Assert.True(run.ExitCode == 0, run.Stderr);
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith($"heartbeat from {hosts.A}: ", lines[0], StringComparison.Ordinal);
        Assert.StartsWith($"heartbeat from {hosts.B}: ", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metadata_reaches_the_server()
    {
        var without = await Cli("call", hosts.A, "ArithService.Mul", "{\"A\":6,\"B\":7}", "--config", hosts.Config);
        var with = await Cli("call", hosts.A, "ArithService.Mul", "{\"A\":6,\"B\":7}", "--metadata", "rpc_auth=hello01", "--config", hosts.Config);

        Assert.Equal(1, without.ExitCode);
        Assert.Equal("plugrpc: Unauthenticated: auth failed", without.Stderr.Trim());
        Assert.True(with.ExitCode == 0, with.Stderr);
        Assert.Equal("{\"Reply\":42}", with.Stdout.Trim());
    }

    [Fact]
    public async Task Bench_reports_json_with_every_call_right_and_both_instances()
    {
        var run = await Cli(
            "bench", $"{hosts.A},{hosts.B}", "ArithService.Add", "{\"A\":40,\"B\":2}",
            "--duration", "2s", "--concurrency", "8", "--json", "--metadata", "rpc_auth=hello01", "--config", hosts.Config);

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        using var report = JsonDocument.Parse(run.Stdout);
        var root = report.RootElement;
        var calls = root.GetProperty("calls").GetInt64();
        Assert.True(calls > 0, run.Stdout);
        Assert.Equal(calls, root.GetProperty("ok").GetInt64());
        Assert.Empty(root.GetProperty("failed").EnumerateObject());
        Assert.Equal(0, root.GetProperty("wrong").GetInt64());
        Assert.True(root.GetProperty("callsPerSec").GetDouble() > 0, run.Stdout);
        Assert.InRange(root.GetProperty("p50Us").GetInt64(), 1, root.GetProperty("p99Us").GetInt64());
        var perInstance = root.GetProperty("perInstance").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
        Assert.Equal(new[] { hosts.A, hosts.B }.Order(StringComparer.Ordinal), perInstance.Keys.Order(StringComparer.Ordinal));
        Assert.All(perInstance.Values, n => Assert.True(n > 0, run.Stdout));
        Assert.Equal(calls, perInstance.Values.Sum());
    }

    [Fact]
    public async Task Bench_counts_the_wrong_replies_of_an_instance_that_miscalculates()
    {
        await using var container = TestBed.BuildContainer();
        await using var server = container.CreateRpcServer(new ServerOptions());
        server.AddService(new OffByOneArithService());
        var wrongAddress = (await server.ListenAsync("tcp://127.0.0.1:0")).ToString();

        var run = await Cli(
            "bench", $"{hosts.A},{wrongAddress}", "ArithService.Add", "{\"A\":40,\"B\":2}",
            "--duration", "1s", "--concurrency", "4", "--json", "--metadata", "rpc_auth=hello01", "--config", hosts.Config);

        Assert.Equal(1, run.ExitCode);
        using var report = JsonDocument.Parse(run.Stdout);
        var root = report.RootElement;
        Assert.Equal(root.GetProperty("calls").GetInt64(), root.GetProperty("ok").GetInt64());
        var wrong = root.GetProperty("wrong").GetInt64();
        Assert.True(wrong > 0, run.Stdout);
        Assert.Equal(root.GetProperty("perInstance").GetProperty(wrongAddress).GetInt64(), wrong);
    }

    [Theory]
    [InlineData("call", "tcp://127.0.0.1:1", "ArithService.Add", "{}", "--metadata", "rpc_auth")]
    [InlineData("call", "tcp://127.0.0.1:1", "ArithService.Add", "{}", "--metadata", "=hello01")]
    [InlineData("call", "tcp://127.0.0.1:1,nowhere", "ArithService.Add", "{}")]
    [InlineData("call", "tcp://127.0.0.1:1", "Add", "{}")]
    [InlineData("call", "tcp://127.0.0.1:1", "ArithService.Add")]
    [InlineData("call", "tcp://127.0.0.1:1", "ArithService.Add", "{}", "--count", "2")]
    [InlineData("ping", "tcp://127.0.0.1:1", "--count")]
    [InlineData("ping", "tcp://127.0.0.1:1", "--count", "none")]
    [InlineData("ping", "tcp://127.0.0.1:1", "--timeout", "-1s")]
    [InlineData("bench", "tcp://127.0.0.1:1", "ArithService.Add", "{}", "--duration", "soon")]
    [InlineData("bench", "tcp://127.0.0.1:1", "ArithService.Add", "{}", "--concurrency", "0")]
    [InlineData("bench", "tcp://127.0.0.1:1", "ArithService.Add", "{}", "--frobnicate", "1")]
    [InlineData("frob")]
    [InlineData]
    public async Task A_command_line_mistake_is_one_line_and_exit_2(params string[] arguments)
    {
        var run = await Cli(arguments);

        AssertOneLineUsageError(run);
    }

    [Theory]
    [InlineData("\"client\": { \"selector\": \"nosuch\" }", "no selector named 'nosuch'")]
    [InlineData("\"client\": { \"filters\": [ \"nosuch\" ] }", "no client filter named 'nosuch'")]
    [InlineData("\"client\": { \"requestTimeout\": \"soon\" }", "soon")]
    [InlineData("\"client\": { \"addresses\": [] }", "no address to call")]
    [InlineData("\"plugins\": [ { \"name\": \"PlugRpc.Nowhere\" } ]", "PlugRpc.Nowhere")]
    public async Task A_config_mistake_is_one_line_and_exit_2(string section, string expected)
    {
        var config = hosts.WriteConfig($"mistake-{Guid.NewGuid():N}", $$"""{ "pluginsDirectory": "{{RepoPaths.PluginsDirectory}}", {{section}} }""");
        var addresses = expected == "no address to call" ? Array.Empty<string>() : [hosts.A];

        var run = await Cli(["ping", .. addresses, "--config", config]);

        AssertOneLineUsageError(run);
        Assert.Contains(expected, run.Stderr);
    }

    private static void AssertOneLineUsageError(ProcessRun run)
    {
        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}; stdout: {run.Stdout} stderr: {run.Stderr}");
        Assert.Equal(string.Empty, run.Stdout);
        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Single(lines);
        Assert.StartsWith("plugrpc: ", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }

    private static Task<ProcessRun> Cli(params string[] arguments) =>
        ProcessRun.RunAsync(RepoPaths.HostDll("PlugRpc.Cli"), arguments, ProgramTimeout);

    /// <summary>The sample's ArithService, but Add answers one too many: what the bench's reply check must catch.</summary>
    [RpcService("ArithService")]
    public sealed class OffByOneArithService
    {
        public Task<ArithResponse> Add(ArithRequest request, CancellationToken cancellationToken) =>
            Task.FromResult(new ArithResponse { Reply = request.A + request.B + 1 });
    }

    /// <summary>Two host processes serving the repository's plugins.json on free ports, and the CLI's own config.</summary>
    public sealed class TwoHosts : IAsyncLifetime
    {
        private readonly string directory = Directory.CreateTempSubdirectory("plugrpc-cli-").FullName;
        private ProcessRun hostA = null!;
        private ProcessRun hostB = null!;

        public string A { get; } = $"tcp://127.0.0.1:{FreePort.Next()}";

        public string B { get; } = $"tcp://127.0.0.1:{FreePort.Next()}";

        /// <summary>The CLI's plugins.json: msgpack, TCP, the selectors and the sample's types; no auth filter.</summary>
        public string Config { get; private set; } = string.Empty;

        public async Task InitializeAsync()
        {
            var arith = Path.Combine(RepoPaths.ServicesDirectory, "PlugRpc.Samples.Arith", "PlugRpc.Samples.Arith.dll");
            Config = WriteConfig("cli", $$"""
                { "pluginsDirectory": "{{RepoPaths.PluginsDirectory}}",
                  "plugins": [ { "name": "PlugRpc.Codec.MessagePack" }, { "name": "PlugRpc.Transport.Tcp" }, { "name": "PlugRpc.Selectors" } ],
                  "services": [ { "assembly": "{{arith}}" } ],
                  "client": { "selector": "random", "requestTimeout": "5s" } }
                """);
            hostA = ProcessRun.Start(RepoPaths.HostDll("PlugRpc.Host"), ["--address", A, "--config", "plugins.json"]);
            hostB = ProcessRun.Start(RepoPaths.HostDll("PlugRpc.Host"), ["--address", B, "--config", "plugins.json"]);
            await Task.WhenAll(hostA.WaitForOutputAsync($"on {A}", ProgramTimeout), hostB.WaitForOutputAsync($"on {B}", ProgramTimeout));
        }

        public string WriteConfig(string name, string json)
        {
            var path = Path.Combine(directory, name + ".json");
            File.WriteAllText(path, json);
            return path;
        }

        public async Task DisposeAsync()
        {
            await hostA.DisposeAsync();
            await hostB.DisposeAsync();
            Directory.Delete(directory, recursive: true);
        }
    }
}
