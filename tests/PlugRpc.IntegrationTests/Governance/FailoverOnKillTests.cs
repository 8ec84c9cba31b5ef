using PlugRpc.Fixtures.Fleet;
using PlugRpc.IntegrationTests.Infrastructure;
using PlugRpc.Options;

namespace PlugRpc.IntegrationTests.Governance;

/// <summary>failover under load while one of three host processes dies by SIGKILL (a fleet of its own: it kills a host).</summary>
[Collection(FleetCollection.Name)]
public sealed class FailoverOnKillTests : IClassFixture<FailoverOnKillTests.ThreeHosts>
{
    private readonly Fleet fleet;

    public FailoverOnKillTests(ThreeHosts hosts)
    {
        fleet = hosts.Fleet;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_idempotent_call_is_answered_once_and_right_while_a_host_is_killed(bool pooled)
    {
        var three = fleet.Hosts.Where(h => h.Serving).Take(3).ToArray();
        var victim = three[0];
        var options = fleet.ClientOptions(three);
        options.FailMode = FailMode.FailOver;
        options.Retries = 2;
        await using var client = FleetClient.Create(options);
        const int Calls = 2000;
        var answers = new int[Calls];
        var killed = 0;

        var load = await FleetLoad.RunAsync(
            Calls,
            32,
            async i =>
            {
                var reply = await client.WorkAsync(i, new CallOptions { Idempotent = true }, pooled);
                Interlocked.Increment(ref answers[reply.Id]);
                return reply;
            },
            completed =>
            {
                if (completed == Calls / 3 && Interlocked.Exchange(ref killed, 1) == 0)
                {
                    victim.Kill();
                }
            });

        Assert.False(victim.Serving, "the host was not killed");
        Assert.True(!load.Failures.Any(), $"{load.Failures.Count()} of {Calls} failed: {load.FailureSummary()}");
        Assert.All(answers, a => Assert.Equal(1, a));
        var shares = load.CountBy(r => r.Host);
        Assert.True(shares.GetValueOrDefault(victim.Name) > 0, $"the victim served nothing before it died: {string.Join(", ", shares)}");
    }

    /// <summary>Four hosts of this class's own: each test calls three of those still serving and kills one.</summary>
    public sealed class ThreeHosts : IAsyncLifetime
    {
        private Fleet? fleet;

        internal Fleet Fleet => fleet!;

        public async Task InitializeAsync()
        {
            fleet = await Fleet.StartAsync([new FleetHostSpec("kill-0"), new FleetHostSpec("kill-1"), new FleetHostSpec("kill-2"), new FleetHostSpec("kill-3")]);
            await fleet.WarmUpAsync();
        }

        public async Task DisposeAsync() => await fleet!.DisposeAsync();
    }
}
