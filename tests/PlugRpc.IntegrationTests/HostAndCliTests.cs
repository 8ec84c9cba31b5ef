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
    [InlineData("ArithService.Pow", "{\"A\":1,\"B\":2}", "hello01", "NotFound: can not find method")]
    [InlineData("ArithService.Add", "{\"A\":", "hello01", "InvalidArgument")]
    public async Task The_cli_prints_the_servers_error_and_exits_non_zero(string method, string json, string token, string expected)
    {
        var run = await Cli("call", address, method, json, "--auth", token);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(expected, run.Stderr);
        Assert.Equal(string.Empty, run.Stdout.Trim());
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
