using PlugRpc.IntegrationTests.Infrastructure;

namespace PlugRpc.IntegrationTests;

/// <summary>
/// The real programs as a user runs them: the service host loading every plugin and the sample service from the
/// folders the repository's plugins.json names, and the command-line client calling it.
/// </summary>
public sealed class HostAndCliTests : IAsyncLifetime
{
    private static readonly TimeSpan ProgramTimeout = TimeSpan.FromSeconds(60);
    private readonly string address = $"tcp://127.0.0.1:{FreePort.Next()}";
    private ProcessRun host = null!;

    public async Task InitializeAsync()
    {
        host = ProcessRun.Start(RepoPaths.HostDll("PlugRpc.Host"), ["--address", address, "--config", "plugins.json"]);
        await host.WaitForOutputAsync($"on {address}", ProgramTimeout);
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task The_cli_prints_the_reply_as_json()
    {
        var run = await Cli("call", address, "ArithService.Add", "{\"A\":1,\"B\":2}", "--auth", "hello01", "--timeout", "5s");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("{\"Reply\":3}", run.Stdout.Trim());
    }

    [Theory]
    [InlineData("msgpack", "none")]
    [InlineData("json", "gzip")]
    [InlineData("protobuf", "zstd")]
    [InlineData("msgpack", "lz4")]
    [InlineData("json", "brotli")]
    public async Task The_cli_calls_with_any_codec_and_compressor(string codec, string compressor)
    {
        var run = await Cli("call", address, "ArithService.Mul", "{\"A\":6,\"B\":7}", "--codec", codec, "--compress", compressor);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("{\"Reply\":42}", run.Stdout.Trim());
    }

    [Theory]
    [InlineData("ArithService.Divide", "{\"A\":1,\"B\":0}", "hello01", "InvalidArgument: divided by zero")]
    [InlineData("ArithService.Add", "{\"A\":1,\"B\":2}", "badtoken", "Unauthenticated: auth failed")]
    [InlineData("ArithService.Pow", "{\"A\":1,\"B\":2}", "hello01", "plugrpc: NotFound: can not find method Pow in ArithService")]
    [InlineData("NoSuch.Add", "{\"A\":1,\"B\":2}", "hello01", "plugrpc: NotFound: can not find service NoSuch")]
    public async Task The_cli_prints_the_servers_error_and_exits_non_zero(string method, string json, string token, string expected)
    {
        var run = await Cli("call", address, method, json, "--auth", token);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(expected, run.Stderr);
        Assert.Equal(string.Empty, run.Stdout.Trim());
    }

    /// <summary>Mistakes of the caller's, found before anything is sent: exit 2 and one line.</summary>
    [Theory]
    [InlineData("ArithService.Add", "{\"A\":", "plugrpc: the request of ArithService.Add is not valid JSON (position 6): ")]
    [InlineData("ArithService.Add", "{\"A\":\"x\",\"B\":2}", "plugrpc: the request of ArithService.Add does not fit ArithRequest: request.A must be a number")]
    [InlineData("ArithService.Add", "{\"A\":1,\"C\":2}", "plugrpc: the request of ArithService.Add does not fit ArithRequest: unknown key request.C (valid: A, B)")]
    [InlineData("ArithService.Add", "[1,2]", "plugrpc: the request of ArithService.Add does not fit ArithRequest: request must be an object, not an array")]
    public async Task A_request_the_cli_cannot_encode_exits_2_with_one_line(string method, string json, string expected)
    {
        var run = await Cli("call", address, method, json, "--auth", "hello01");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith(expected, run.Stderr.Trim());
        Assert.DoesNotContain('\n', run.Stderr.Trim());
    }

    [Theory]
    [InlineData("plugrpc: no transport for 'foo://' addresses is loaded (loaded: tcp, tls, unix); add its plugin to plugins.json", "call", "foo://127.0.0.1:1", "ArithService.Add", "{}")]
    [InlineData("plugrpc: 'tcp://127.0.0.1' has no host:port target (a port from 0 to 65535, e.g. tcp://127.0.0.1:7000)", "call", "tcp://127.0.0.1", "ArithService.Add", "{}")]
    [InlineData("plugrpc: 'tcp://127.0.0.1:70000' has no host:port target (a port from 0 to 65535, e.g. tcp://127.0.0.1:7000)", "ping", "tcp://127.0.0.1:70000")]
    [InlineData("plugrpc: --compress: no compressor named 'zip' is loaded (loaded: none, brotli, gzip, lz4, zstd)", "call", "ADDRESS", "ArithService.Add", "{}", "--compress", "zip")]
    [InlineData("plugrpc: no codec named 'bson' is loaded (loaded: json, msgpack, protobuf)", "call", "ADDRESS", "ArithService.Add", "{}", "--codec", "bson")]
    [InlineData("plugrpc: no codec named 'bson' is loaded (loaded: json, msgpack, protobuf)", "ping", "ADDRESS", "--codec", "bson")]
    [InlineData("plugrpc: no registry scheme named 'foo' is registered (registered: consul, etcd, file, memory, zookeeper); is its plugin listed in plugins.json?", "list", "--registry", "foo://x", "--app", "a")]
    [InlineData("plugrpc: --timeout '2x' is not a positive duration such as 500ms or 2s (try --help)", "ping", "ADDRESS", "--timeout", "2x")]
    [InlineData("plugrpc: plugins.json not found: looked for /nowhere/plugins.json", "ping", "ADDRESS", "--config", "/nowhere/plugins.json")]
    public async Task A_bad_argument_exits_2_with_one_line(string expected, params string[] arguments)
    {
        var run = await Cli(arguments.Select(a => a == "ADDRESS" ? address : a).ToArray());

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(expected, run.Stderr.Trim());
    }

    [Fact]
    public async Task The_cli_pings_with_a_heartbeat()
    {
        var run = await Cli("ping", address, "--count", "2");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(2, run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.StartsWith($"heartbeat from {address}: ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_host_stops_gracefully_on_sigterm()
    {
        host.Terminate();
        await host.WaitForExitAsync(ProgramTimeout);

        Assert.Equal(0, host.ExitCode);
        Assert.Contains("server stopped", host.Stderr);
    }

    private static Task<ProcessRun> Cli(params string[] arguments) =>
        ProcessRun.RunAsync(RepoPaths.HostDll("PlugRpc.Cli"), arguments, ProgramTimeout);
}
