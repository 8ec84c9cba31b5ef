using PlugRpc.Client;
using PlugRpc.Discovery;
using PlugRpc.Options;

namespace PlugRpc.Core.Tests.Discovery;

public sealed class RegistryInstanceSourceTests
{
    private static readonly ServiceInstance A = new("tcp://10.0.0.1:7000");
    private static readonly ServiceInstance B = new("tcp://10.0.0.2:7000");

    private static RegistryInstanceSource Source(
        ScriptedRegistry registry, LineLogger log, TimeSpan? updateInterval = null, string? cacheFile = null, List<InstanceState>? retired = null, TimeSpan? emptyListGrace = null) =>
        new(
            registry,
            new ClientOptions
            {
                AppKey = "app",
                UpdateInterval = updateInterval ?? TimeSpan.FromMinutes(1),
                CacheFile = cacheFile,
                EmptyListGrace = emptyListGrace ?? TimeSpan.Zero,
            },
            new InstanceTable(),
            s => retired?.Add(s),
            log);

    /// <summary>A registry that lists [A], then nothing while <paramref name="empty"/> says so, each change waking the watch.</summary>
    private static ScriptedRegistry EmptiedRegistry(Func<bool> empty) => new()
    {
        List = async (after, ct) =>
        {
            if (after is not null)
            {
                await Task.Delay(10, ct);
            }

            return new RegistryListing(empty() ? [] : [A]);
        },
    };

    [Fact]
    public async Task A_list_that_drops_to_none_is_held_off_for_the_grace_then_taken()
    {
        var empty = false;
        var registry = EmptiedRegistry(() => Volatile.Read(ref empty));
        var log = new LineLogger();
        var retired = new List<InstanceState>();
        await using var source = Source(registry, log, retired: retired, emptyListGrace: TimeSpan.FromMilliseconds(600));
        await source.Listed;
        var listed = source.Current;

        Volatile.Write(ref empty, true);
        await Poll.UntilAsync(() => source.Status.Problem is not null);
        Assert.Same(listed, source.Current);
        Assert.True(source.Status.Reachable);
        Assert.Contains("lists no server; calling the 1 instances it listed before", source.Status.Problem);
        Assert.Single(log.Warnings, w => w.Contains("lists no server") && w.Contains("0.6 s"));
        Assert.Empty(retired);

        await Poll.UntilAsync(() => source.Current.Instances.Count == 0);
        Assert.Equal(A.Address, Assert.Single(retired).Address);
        Assert.Null(source.Status.Problem);
        Assert.Single(log.Warnings, w => w.Contains("listed no server for 0.6 s"));
        Assert.Equal("no server is registered under app key 'app' at scripted://test/base", source.NoInstancesReason);
    }

    [Fact]
    public async Task Instances_listed_again_within_the_grace_end_it_with_nothing_retired()
    {
        var empty = false;
        var registry = EmptiedRegistry(() => Volatile.Read(ref empty));
        var log = new LineLogger();
        var retired = new List<InstanceState>();
        await using var source = Source(registry, log, retired: retired, emptyListGrace: TimeSpan.FromSeconds(30));
        await source.Listed;

        Volatile.Write(ref empty, true);
        await Poll.UntilAsync(() => source.Status.Problem is not null);
        Volatile.Write(ref empty, false);
        await Poll.UntilAsync(() => source.Status.Problem is null);

        Assert.Equal(A.Address, Assert.Single(source.Current.Instances).Address);
        Assert.Empty(retired);
        Assert.Single(log.Lines, l => l.StartsWith("Information", StringComparison.Ordinal) && l.Contains("lists 1 instances again"));
    }

    [Fact]
    public async Task Without_a_grace_a_list_of_none_is_taken_at_once()
    {
        var empty = false;
        var registry = EmptiedRegistry(() => Volatile.Read(ref empty));
        var retired = new List<InstanceState>();
        await using var source = Source(registry, new LineLogger(), retired: retired);
        await source.Listed;

        Volatile.Write(ref empty, true);
        await Poll.UntilAsync(() => source.Current.Instances.Count == 0);

        Assert.Single(retired);
        Assert.Null(source.Status.Problem);
    }

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
