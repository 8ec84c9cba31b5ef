using System.Text.Json;
using System.Text.RegularExpressions;
using PlugRpc.IntegrationTests.Infrastructure;

namespace PlugRpc.IntegrationTests.Health;

/// <summary>
/// The CLI's health, call --verbose and bench progress, and every program's --help, as real processes against a
/// real host serving the repository's plugins.json (auth on; the CLI's config carries the token).
/// </summary>
public sealed partial class CliHealthTests(CliHealthTests.OneHost host) : IClassFixture<CliHealthTests.OneHost>
{
    private static readonly TimeSpan ProgramTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Health_prints_serving_for_the_whole_server_and_a_service_and_exits_0()
    {
        var whole = await Cli("health", host.Address);
        var service = await Cli("health", host.Address, "ArithService", "--config", "plugins.json");

        Assert.True(whole.ExitCode == 0, whole.Stderr);
        Assert.Equal($"{host.Address} SERVING", whole.Stdout.Trim());
        Assert.True(service.ExitCode == 0, service.Stderr);
        Assert.Equal($"{host.Address} SERVING", service.Stdout.Trim());
    }

    [Fact]
    public async Task Health_of_an_unknown_service_is_service_unknown_and_exits_1()
    {
        var run = await Cli("health", host.Address, "NoSuchService");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"{host.Address} SERVICE_UNKNOWN", run.Stdout.Trim());
    }

    [Fact]
    public async Task Health_of_an_address_that_does_not_answer_says_why_and_exits_1()
    {
        var closed = $"tcp://127.0.0.1:{FreePort.Next()}";

        var run = await Cli("health", $"{host.Address},{closed}");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"{host.Address} SERVING", run.Stdout.Trim());
        Assert.Contains($"plugrpc: {closed}: Unavailable: ", run.Stderr);
    }

    [Theory]
    [InlineData("health", "tcp://127.0.0.1:1", "ArithService", "Extra")]
    [InlineData("health", "tcp://127.0.0.1:1", "--verbose")]
    [InlineData("ping", "tcp://127.0.0.1:1", "--verbose")]
    public async Task A_health_or_verbose_mistake_is_one_line_and_exit_2(params string[] arguments)
    {
        var run = await Cli(arguments);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.StartsWith("plugrpc: ", Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public async Task Call_verbose_prints_the_reply_alone_on_stdout_and_its_details_on_stderr()
    {
        var run = await Cli("call", "--verbose", host.Address, "ArithService.Add", """{"A":20,"B":22}""", "--metadata", "trace=abc");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("""{"Reply":42}""", run.Stdout.Trim());
        Assert.Matches(@"ArithService\.Add answered in \d+\.\d{3} ms", run.Stderr);
        Assert.Contains($"instance: {host.Address}", run.Stderr);
        Assert.Contains("attempts: 1", run.Stderr);
        Assert.Contains("response metadata:\n  rpc_auth: ***\n  trace: abc", run.Stderr.ReplaceLineEndings("\n"));
        Assert.DoesNotContain("hello01", run.Stderr);
    }

    [Fact]
    public async Task Call_verbose_of_a_failed_call_prints_its_time_and_the_error()
    {
        var run = await Cli("call", host.Address, "ArithService.Divide", """{"A":1,"B":0}""", "--verbose");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Matches(@"ArithService\.Divide failed after \d+\.\d{3} ms", run.Stderr);
        Assert.Contains("InvalidArgument: divided by zero", run.Stderr);
    }

    [Fact]
    public async Task Bench_shows_its_progress_each_second_on_stderr_and_keeps_stdout_for_the_json()
    {
        var run = await Cli("bench", host.Address, "ArithService.Add", """{"A":1,"B":2}""", "--duration", "3500ms", "--concurrency", "4", "--json");

        Assert.True(run.ExitCode == 0, run.Stderr);
        using var report = JsonDocument.Parse(run.Stdout);
        var progress = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => ProgressLine().Match(line))
            .Where(match => match.Success)
            .ToList();
        Assert.True(progress.Count >= 2, $"progress lines: {run.Stderr}");
        var counts = progress.Select(m => long.Parse(m.Groups["calls"].Value)).ToList();
        Assert.True(counts.Zip(counts.Skip(1)).All(pair => pair.First < pair.Second), run.Stderr);
        Assert.True(counts[^1] <= report.RootElement.GetProperty("calls").GetInt64());
        Assert.All(progress, m => Assert.True(double.Parse(m.Groups["rate"].Value, System.Globalization.CultureInfo.InvariantCulture) > 0, m.Value));
    }

    /// <summary>Each command's help: its usage, its arguments, every option it takes with a description, and the exit codes.</summary>
    [Theory]
    [InlineData("call", "[ADDRESSES] Service.Method JSON", "--address", "--registry", "--app", "--config", "--timeout", "--codec", "--auth", "--metadata", "--compress", "--verbose")]
    [InlineData("ping", "[ADDRESSES]", "--address", "--registry", "--app", "--config", "--timeout", "--codec", "--count")]
    [InlineData("bench", "[ADDRESSES] Service.Method JSON", "--address", "--registry", "--app", "--config", "--timeout", "--codec", "--auth", "--metadata", "--compress", "--duration", "--concurrency", "--json")]
    [InlineData("health", "[ADDRESSES] [SERVICE]", "--address", "--registry", "--app", "--config", "--timeout", "--codec", "--auth", "--metadata")]
    [InlineData("list", "--registry URL --app KEY", "--registry", "--app", "--config", "--timeout", "--codec")]
    [InlineData("watch", "--registry URL --app KEY", "--registry", "--app", "--config", "--timeout", "--codec")]
    public async Task Every_command_has_its_help(string command, string synopsis, params string[] options)
    {
        var run = await Cli(command, "--help");
        var help = run.Stdout.ReplaceLineEndings("\n");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"Usage:\n  PlugRpc.Cli {command} ", help);
        Assert.Contains($"\n  {synopsis}: ", help);
        var optionRows = help.Split('\n').SkipWhile(l => l != "Options:").Skip(1).TakeWhile(l => l.Length > 0)
            .Select(l => l.Trim()).Where(l => l.StartsWith("--", StringComparison.Ordinal)).ToList();
        Assert.Equal(options.Order(StringComparer.Ordinal), optionRows.Select(row => row.Split(' ')[0]).Order(StringComparer.Ordinal));
        Assert.All(optionRows, row => Assert.Equal(2, row.Split("  ", 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Length));
        Assert.Contains("exit codes:", run.Stdout);
    }

    [Theory]
    [InlineData("PlugRpc.Cli", "[ADDRESSES] [SERVICE]: Health.Check")]
    [InlineData("PlugRpc.Host", "Usage:\n  PlugRpc.Host [options]")]
    [InlineData("PlugRpc.Demo", "usage: PlugRpc.Demo ")]
    public async Task Every_program_has_help(string program, string expected)
    {
        var run = await ProcessRun.RunAsync(RepoPaths.HostDll(program), ["--help"], ProgramTimeout);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(expected, run.Stdout);
        Assert.Equal(string.Empty, run.Stderr);
    }

    [GeneratedRegex(@"^bench: (?<seconds>\d+) s, (?<calls>\d+) calls, (?<rate>\d+\.\d) calls/s, 0 failed$")]
    private static partial Regex ProgressLine();

    private static Task<ProcessRun> Cli(params string[] arguments) =>
        ProcessRun.RunAsync(RepoPaths.HostDll("PlugRpc.Cli"), arguments, ProgramTimeout);

    /// <summary>A host serving the repository's plugins.json (auth on) on a free port, shared by the class's tests.</summary>
    public sealed class OneHost : IAsyncLifetime
    {
        private ProcessRun process = null!;

        public string Address { get; } = $"tcp://127.0.0.1:{FreePort.Next()}";

        public async Task InitializeAsync()
        {
            process = ProcessRun.Start(RepoPaths.HostDll("PlugRpc.Host"), ["--address", Address, "--config", "plugins.json"]);
            await process.WaitForOutputAsync($"on {Address}", ProgramTimeout);
        }

        public async Task DisposeAsync() => await process.DisposeAsync();
    }
}
