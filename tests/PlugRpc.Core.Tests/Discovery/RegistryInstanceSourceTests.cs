using PlugRpc.Client;
using PlugRpc.Discovery;

namespace PlugRpc.Core.Tests.Discovery;

public sealed class RegistryInstanceSourceTests
{
    private static readonly ServiceInstance A = new("tcp://10.0.0.1:7000");
    private static readonly ServiceInstance B = new("tcp://10.0.0.2:7000");

    private static RegistryInstanceSource Source(ScriptedRegistry registry, LineLogger log, TimeSpan? updateInterval = null, string? cacheFile = null, List<InstanceState>? retired = null) =>
        new(registry, "app", updateInterval ?? TimeSpan.FromMinutes(1), cacheFile, new InstanceTable(), s => retired?.Add(s), log);

    [Fact]
    public async Task Lists_then_waits_on_the_registry_and_keeps_the_same_view_while_nothing_changes()
    {
        var registry = new ScriptedRegistry();
        var version = 0;
        var changes = new SemaphoreSlim(0);
        registry.List = async (after, ct) =>
        {
            if (after is not null)
            {
                await changes.WaitAsync(ct);
            }

            return new RegistryListing(Interlocked.Increment(ref version) >= 3 ? [A, B] : [A], version);
        };
        await using var source = Source(registry, new LineLogger());
        await source.Listed;
        var first = source.Current;

        changes.Release();
        await Poll.UntilAsync(() => registry.ListCalls.Count >= 3);
        Assert.Same(first, source.Current);

        changes.Release();
        await Poll.UntilAsync(() => source.Current.Instances.Count == 2);
        Assert.Equal(first.Generation + 1, source.Current.Generation);
    }

    [Fact]
    public async Task Lists_in_full_every_update_interval_beside_the_watch()
    {
        var registry = new ScriptedRegistry();
        await using var source = Source(registry, new LineLogger(), updateInterval: TimeSpan.FromMilliseconds(50));

        await Poll.UntilAsync(() => registry.ListCalls.Count(full => full) >= 4);
    }

    [Fact]
    public async Task An_unreachable_registry_keeps_the_last_list_serving_and_warns_once_until_it_is_back()
    {
        var registry = new ScriptedRegistry();
        var down = false;
        registry.List = async (after, ct) =>
        {
            if (after is not null)
            {
                await Task.Delay(20, ct);
            }

            return Volatile.Read(ref down) ? throw new RegistryException("connection refused") : new RegistryListing([A]);
        };
        var log = new LineLogger();
        await using var source = Source(registry, log);
        await source.Listed;

        Volatile.Write(ref down, true);
        await Poll.UntilAsync(() => !source.Status.Reachable);
        await Task.Delay(400);

        Assert.Single(source.Current.Instances);
        Assert.Equal("connection refused", source.Status.Problem);
        Assert.NotNull(source.Status.ConfirmedAt);
        Assert.Single(log.Warnings, w => w.Contains("unreachable"));

        Volatile.Write(ref down, false);
        await Poll.UntilAsync(() => source.Status.Reachable);
        Assert.Single(log.Warnings, w => w.Contains("reachable again"));
    }

    [Fact]
    public async Task A_client_started_while_its_registry_is_unreachable_serves_the_list_in_its_cache_file()
    {
        var cacheFile = Path.Combine(Path.GetTempPath(), $"plugrpc-cache-{Guid.NewGuid():N}.json");
        try
        {
            var up = new ScriptedRegistry { List = (_, _) => Task.FromResult(new RegistryListing([A, B])) };
            await using (var first = Source(up, new LineLogger(), cacheFile: cacheFile))
            {
                await first.Listed;
            }

            var down = new ScriptedRegistry { List = (_, _) => throw new RegistryException("connection refused") };
            var log = new LineLogger();
            await using var second = Source(down, log, cacheFile: cacheFile);
            await second.Listed;

            // Listed completes as the cached list is applied; the warning saying so is written just after.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
            while (!log.Warnings.Any(w => w.Contains(cacheFile)) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(10);
            }

            Assert.Equal([A.Address, B.Address], second.Current.Instances.Select(i => i.Address));
            Assert.False(second.Status.Reachable);
            Assert.Contains(cacheFile, second.Status.Problem);
            Assert.Contains(log.Warnings, w => w.Contains(cacheFile) && w.Contains("connection refused"));
        }
        finally
        {
            File.Delete(cacheFile);
        }
    }

    [Fact]
    public async Task Without_a_list_or_a_cache_the_reason_names_the_registry_and_why()
    {
        var registry = new ScriptedRegistry { List = (_, _) => throw new RegistryException("connection refused") };
        await using var source = Source(registry, new LineLogger());
        await source.Listed;

        Assert.Empty(source.Current.Instances);
        Assert.Equal("the registry for app key 'app' at scripted://test/base is unreachable and no list is cached: connection refused", source.NoInstancesReason);
    }

    [Fact]
    public async Task A_skipped_entry_is_warned_about_once_naming_it_and_an_instance_that_leaves_is_retired()
    {
        var registry = new ScriptedRegistry();
        var round = 0;
        registry.List = async (after, ct) =>
        {
            if (after is not null)
            {
                await Task.Delay(10, ct);
            }

            var n = Interlocked.Increment(ref round);
            return new RegistryListing(n < 3 ? [A, B] : [A], n, [new SkippedEntry("/base/app/garbage", "not network@address")]);
        };
        var log = new LineLogger();
        var retired = new List<InstanceState>();
        await using var source = Source(registry, log, retired: retired);

        await Poll.UntilAsync(() => source.Current.Instances.Count == 1);
        await Task.Delay(100);

        Assert.Single(log.Warnings, w => w.Contains("/base/app/garbage") && w.Contains("not network@address"));
        Assert.Equal(B.Address, Assert.Single(retired).Address);
    }
}
