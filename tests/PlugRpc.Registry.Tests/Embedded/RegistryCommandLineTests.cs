using PlugRpc.IntegrationTests.Infrastructure;
using PlugRpc.Registry.Tests.Infrastructure;

namespace PlugRpc.Registry.Tests.Embedded;

/// <summary>Registry mistakes on the host's and the CLI's command lines: one line on stderr, exit code 2.</summary>
public sealed class RegistryCommandLineTests : IDisposable
{
    private static readonly TimeSpan ProgramTimeout = TimeSpan.FromSeconds(60);
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Theory]
    [InlineData(new[] { "--registry", "zk://127.0.0.1:2181/x", "--app", "arith" }, "no registry scheme named 'zk' is registered (registered: ")]
    [InlineData(new[] { "--registry", "zookeeper://h1:2181,,h2/x", "--app", "arith" }, "empty host")]
    [InlineData(new[] { "--registry", "memory://" }, "needs an appKey")]
    [InlineData(new[] { "--registry", "memory://", "--app", "arith", "--tag", "idc" }, "--tag needs a value of the form k=v")]
    [InlineData(new[] { "--registry", "file://relative/folder", "--app", "arith" }, "a file registry names an absolute folder")]
    [InlineData(new[] { "--registry", "memory://", "--app", "arith", "--address", "tcp://0.0.0.0:0" }, "set advertisedAddress")]
    public async Task The_host_refuses_a_bad_registration_in_one_line(string[] arguments, string expected)
    {
        var run = await ProcessRun.RunAsync(
            RepoPaths.HostDll("PlugRpc.Host"),
            [.. arguments.Contains("--address") ? [] : new[] { "--address", "tcp://127.0.0.1:0" }, "--config", RegistryHost.WriteConfig(folder.Path), .. arguments],
            ProgramTimeout);

        Assert.Equal(2, run.ExitCode);
        var error = Assert.Single(run.Stderr.Split('\n'), l => l.StartsWith("plugrpc-host:", StringComparison.Ordinal));
        Assert.Contains(expected, error);
        Assert.DoesNotContain("   at ", run.Stderr);
    }

    [Theory]
    [InlineData(new[] { "list" }, "list needs a registry: give --registry URL --app KEY")]
    [InlineData(new[] { "list", "--registry", "nope://x", "--app", "a" }, "no registry scheme named 'nope'")]
    [InlineData(new[] { "watch", "--registry", "memory://" }, "needs an appKey")]
    [InlineData(new[] { "list", "--address", "tcp://127.0.0.1:1", "--registry", "memory://", "--app", "a" }, "--address is not an option of list")]
    [InlineData(new[] { "call", "tcp://127.0.0.1:1", "ArithService.Add", "{}", "--registry", "memory://", "--app", "a" }, "either addresses or --registry")]
    public async Task The_cli_refuses_a_bad_registry_in_one_line(string[] arguments, string expected)
    {
        var run = await ProcessRun.RunAsync(RepoPaths.HostDll("PlugRpc.Cli"), [.. arguments, "--config", RegistryHost.WriteConfig(folder.Path)], ProgramTimeout);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Stderr);
        Assert.Single(run.Stderr.Trim().Split('\n'));
    }
}
