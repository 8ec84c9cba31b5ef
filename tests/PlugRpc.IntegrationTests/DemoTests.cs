using PlugRpc.IntegrationTests.Infrastructure;

namespace PlugRpc.IntegrationTests;

public sealed class DemoTests
{
    [Fact]
    public async Task The_demo_runs_every_call_and_error_case_as_expected()
    {
        var run = await ProcessRun.RunAsync(RepoPaths.HostDll("PlugRpc.Demo"), [], TimeSpan.FromSeconds(60));

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Contains("ArithService.Add(1, 2)", run.Stdout);
        Assert.Contains("InvalidArgument: divided by zero", run.Stdout);
        Assert.Contains("Unauthenticated: auth failed", run.Stdout);
        Assert.Contains("NotFound: can not find method", run.Stdout);
        Assert.Contains("three hosts, found through the file registry", run.Stdout);
        Assert.Matches(@"a host killed \(SIGKILL\) under load\s+-> \d+ calls, 0 failed", run.Stdout);
        Assert.Matches(@"a host stopped gracefully under load\s+-> \d+ calls, 0 failed", run.Stdout);
        Assert.Contains("demo finished: every result as expected", run.Stdout);
    }
}
