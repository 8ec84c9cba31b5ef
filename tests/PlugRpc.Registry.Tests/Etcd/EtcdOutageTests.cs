using System.Diagnostics;
using PlugRpc.Discovery;
using PlugRpc.IntegrationTests.Infrastructure;
using PlugRpc.Registry.Tests.Infrastructure;
using Xunit.Abstractions;
using static PlugRpc.Registry.Tests.Etcd.EtcdTestKit;

namespace PlugRpc.Registry.Tests.Etcd;

/// <summary>etcd stopped and started again (data kept) under a listing client and a held registration: clear failures, then recovery.</summary>
public sealed class EtcdOutageTests(EtcdServer server, ITestOutputHelper output) : IClassFixture<EtcdServer>
{
    private readonly string root = NewRoot();

    [EtcdFact]
    public async Task A_stopped_etcd_fails_listings_quickly_naming_it_and_once_restarted_everything_works_again()
    {
        await using var holder = Open(server.UrlFor(root));
        await using var client = Open(server.UrlFor(root));
        await using var held = new HeldRegistration(holder, Registration("arith", 9101));
        await held.Registered.WaitAsync(Soon);
        var before = await client.ListAsync("arith", null, CancellationToken.None);
        var waiting = client.ListAsync("arith", before, CancellationToken.None);

        await server.StopAsync();
        var failing = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ListAsync("arith", null, CancellationToken.None));
        var failedAfter = failing.Elapsed;
        var waitingError = await Assert.ThrowsAsync<RegistryException>(() => waiting.WaitAsync(Soon));
        output.WriteLine($"after {failedAfter}: {error.Message}\nwaiting: {waitingError.Message}");

        Assert.True(failedAfter < TimeSpan.FromSeconds(4), $"the listing failed after {failedAfter}");
        Assert.StartsWith($"etcd at {server.Endpoints} is unreachable (listing /{root}/arith/)", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.StartsWith($"etcd at {server.Endpoints} is unreachable (watching /{root}/arith/)", waitingError.Message);

        await Task.Delay(Ttl);
        await server.StartAsync();
        await Eventually.TrueAsync(
            async () => Addresses(await client.ListAsync("arith", null, CancellationToken.None)).SequenceEqual(["tcp://127.0.0.1:9101"]) && held.Registrations >= 2,
            "the registration is held again after etcd is back");
        output.WriteLine(string.Join("\n", held.Losses));
        Assert.Contains(held.Losses, loss => loss.Contains("etcd lease", StringComparison.Ordinal) && loss.Contains("lost", StringComparison.Ordinal));

        var listing = await client.ListAsync("arith", null, CancellationToken.None);
        var waitingAgain = client.ListAsync("arith", listing, CancellationToken.None);
        await using var second = new HeldRegistration(holder, Registration("arith", 9102));
        var changed = await waitingAgain.WaitAsync(Soon);

        Assert.Contains("tcp://127.0.0.1:9102", Addresses(changed));
    }

    [EtcdFact]
    public async Task A_waiting_listing_carries_on_across_a_quick_restart()
    {
        await using var client = Open(server.UrlFor(root));
        var before = await client.ListAsync("arith", null, CancellationToken.None);
        var waiting = client.ListAsync("arith", before, CancellationToken.None);
        await Task.Delay(100);

        await server.StopAsync();
        await server.StartAsync();
        using var etcd = server.Client();
        await etcd.PutAsync($"/{root}/arith/tcp@127.0.0.1:9103", "{}");

        // The wait watches again from the same revision when etcd is back within its bound; past that bound it
        // says etcd was unreachable and the next listing sees the change. Either way the change is not missed.
        RegistryListing after;
        try
        {
            after = await waiting.WaitAsync(Soon);
        }
        catch (RegistryException ex)
        {
            output.WriteLine($"the wait gave up: {ex.Message}");
            after = await client.ListAsync("arith", null, CancellationToken.None);
        }

        Assert.Equal(["tcp://127.0.0.1:9103"], Addresses(after));
    }
}
