using PlugRpc.IntegrationTests.Infrastructure;

namespace PlugRpc.IntegrationTests;

/// <summary>
/// Mistakes System.CommandLine finds in the CLI's and the host's arguments, before anything starts: each is exit 2
/// and one line on stderr naming the problem (no help dump, no stack trace), nothing on stdout.
/// </summary>
public sealed class CommandLineErrorTests
{
    private static readonly TimeSpan ProgramTimeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("plugrpc: unknown option --frobnicate (try --help)", "bench", "tcp://127.0.0.1:1", "ArithService.Add", "{}", "--frobnicate", "1")]
    [InlineData("plugrpc: unknown option --frobnicate (try --help)", "call", "--frobnicate", "tcp://127.0.0.1:1", "ArithService.Add", "{}")]
    [InlineData("plugrpc: --count is not an option of call (try --help)", "call", "tcp://127.0.0.1:1", "ArithService.Add", "{}", "--count", "2")]
    [InlineData("plugrpc: Required argument missing for option: '--count' (try --help)", "ping", "tcp://127.0.0.1:1", "--count")]
    [InlineData("plugrpc: call takes [ADDRESSES] Service.Method JSON, got 1 argument (try --help)", "call", "ArithService.Add")]
    [InlineData("plugrpc: bench needs Service.Method and JSON after the addresses (try --help)", "bench", "tcp://127.0.0.1:1", "ArithService.Add")]
    [InlineData("plugrpc: Unrecognized command or argument 'extra' (try --help)", "ping", "tcp://127.0.0.1:1", "extra")]
    [InlineData("plugrpc: --duration 'soon' is not a positive duration such as 500ms or 2s (try --help)", "bench", "tcp://127.0.0.1:1", "ArithService.Add", "{}", "--duration", "soon")]
    [InlineData("plugrpc: --timeout '-1s' is not a positive duration such as 500ms or 2s (try --help)", "ping", "tcp://127.0.0.1:1", "--timeout", "-1s")]
    [InlineData("plugrpc: --concurrency '0' is not a number from 1 to 100000 (try --help)", "bench", "tcp://127.0.0.1:1", "ArithService.Add", "{}", "--concurrency", "0")]
    [InlineData("plugrpc: --metadata 'rpc_auth' is not key=value (try --help)", "call", "tcp://127.0.0.1:1", "ArithService.Add", "{}", "--metadata", "rpc_auth")]
    [InlineData("plugrpc: 'nowhere' is not an address; expected scheme://target such as tcp://127.0.0.1:7000 (try --help)", "ping", "--address", "tcp://127.0.0.1:1,nowhere")]
    [InlineData("plugrpc: Option '--timeout' expects a single argument but 2 were provided (try --help)", "ping", "tcp://127.0.0.1:1", "--timeout", "1s", "--timeout", "2s")]
    [InlineData("plugrpc: unknown command 'frob' (the commands are call, ping, bench, health, list, watch) (try --help)", "frob")]
    [InlineData("plugrpc: no command given (try --help)")]
    public async Task A_cli_argument_mistake_is_exit_2_and_one_line_naming_it(string expected, params string[] arguments)
    {
        var run = await ProcessRun.RunAsync(RepoPaths.HostDll("PlugRpc.Cli"), arguments, ProgramTimeout);

        AssertOneLine(run, expected);
    }

    [Theory]
    [InlineData("plugrpc-host: Unrecognized command or argument '--frobnicate' (try --help)", "--frobnicate")]
    [InlineData("plugrpc-host: Unrecognized command or argument 'serve' (try --help)", "serve")]
    [InlineData("plugrpc-host: Required argument missing for option: '--address' (try --help)", "--address")]
    [InlineData("plugrpc-host: --tag needs a value of the form k=v (try --help)", "--tag", "idc")]
    [InlineData("plugrpc-host: --weight needs a value that is a number from 1 to 2147483647 (try --help)", "--weight", "heavy")]
    public async Task A_host_argument_mistake_is_exit_2_and_one_line_naming_it(string expected, params string[] arguments)
    {
        var run = await ProcessRun.RunAsync(RepoPaths.HostDll("PlugRpc.Host"), arguments, ProgramTimeout);

        AssertOneLine(run, expected);
    }

    private static void AssertOneLine(ProcessRun run, string expected)
    {
        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}; stdout: {run.Stdout} stderr: {run.Stderr}");
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Equal(expected, run.Stderr.TrimEnd('\n', '\r'));
    }
}
