using PlugRpc.IntegrationTests.Infrastructure;
using PlugRpc.Registry.Tests.Infrastructure;

namespace PlugRpc.Registry.Tests.Health;

/// <summary>The CLI's health with --registry URL --app KEY: every instance of the app key checked, one line each.</summary>
public sealed class CliHealthThroughRegistryTests
{
    [Fact]
    public async Task Health_checks_each_instance_the_registry_lists()
    {
        using var folder = new TempFolder();
        var registry = $"file://{folder.Path}/registry";
        await using var first = await RegistryHost.StartAsync(registry, "arith", folder.Path);
        await using var second = await RegistryHost.StartAsync(registry, "arith", folder.Path);
        var config = RegistryHost.WriteConfig(folder.Path);

        var run = await ProcessRun.RunAsync(
            RepoPaths.HostDll("PlugRpc.Cli"),
            ["health", "ArithService", "--registry", registry, "--app", "arith", "--config", config],
            TimeSpan.FromSeconds(30));

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Equal(
            new[] { $"{first.Address} SERVING", $"{second.Address} SERVING" }.Order(StringComparer.Ordinal),
            run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal));
    }
}
