using Microsoft.Extensions.Logging;
using PlugRpc.Discovery;

namespace PlugRpc.Client;

/// <summary>
/// A registry-backed view of one app key (the seed's push and pull): a full list, then the registry's watch, plus
/// a full list again every updateInterval. The last good list stays in memory (and in the cache file, when one is
/// set): while the registry is unreachable it keeps serving and the status says since when; when the registry is
/// back, a full list resumes the watch. An instance that leaves the list is retired: no new calls, and its
/// connection closes once its calls in flight are done. A list that drops from some instances to none is held off
/// for the empty-list grace: after an outage that outlasted the hosts' sessions they all register again at once,
/// and until then the instances last listed still answer.
/// </summary>
internal sealed class RegistryInstanceSource : IInstanceSource, IAsyncDisposable
{
    private static readonly TimeSpan ListTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    private readonly IRegistry registry;
    private readonly string appKey;
    private readonly TimeSpan updateInterval;
    private readonly TimeSpan emptyListGrace;
    private readonly InstanceTable table;
    private readonly Action<InstanceState> retire;
    private readonly InstanceCacheFile? cacheFile;
    private readonly ILogger logger;
    private readonly string origin;
    private readonly CancellationTokenSource stop = new();
    private readonly TaskCompletionSource listed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HashSet<SkippedEntry> warnedSkips = [];
    private readonly Task watching;
    private volatile InstanceView current = InstanceView.Empty;
    private volatile DiscoveryStatus status;
    private bool everListed;

    /// <summary>When the registry began listing none while the view still held instances (tick count); 0 when not.</summary>
    private long emptySince;

    public RegistryInstanceSource(IRegistry registry, Options.ClientOptions options, InstanceTable table, Action<InstanceState> retire, ILogger logger)
    {
        this.registry = registry;
        appKey = options.AppKey!;
        updateInterval = options.UpdateInterval;
        emptyListGrace = options.EmptyListGrace;
        this.table = table;
        this.retire = retire;
        this.logger = logger;
        cacheFile = options.CacheFile is null ? null : new InstanceCacheFile(options.CacheFile, registry.Address.Text, appKey);
        origin = $"app key '{appKey}' at {registry.Address}";
        status = new DiscoveryStatus(origin, true, null, null);
        watching = Task.Run(WatchAsync);
    }

    public InstanceView Current => current;

    public Task Listed => listed.Task;

    public DiscoveryStatus Status => status;

    public string NoInstancesReason
    {
        get
        {
            var now = status;
            if (now.Reachable && now.ConfirmedAt is not null)
            {
                return $"no server is registered under {origin}";
            }

            if (now.Problem is { } problem)
            {
                return now.ConfirmedAt is { } at
                    ? $"no server is registered under {origin} as last listed {Age(at)} ago, and the registry is unreachable now: {problem}"
                    : $"the registry for {origin} is unreachable and no list is cached: {problem}";
            }

            return $"the registry has not answered the first list of {origin} yet";
        }
    }

    public async ValueTask DisposeAsync()
    {
        stop.Cancel();
        await watching.ConfigureAwait(false);
        listed.TrySetResult();
        stop.Dispose();
    }

    private async Task WatchAsync()
    {
        RegistryListing? last = null;
        var backoff = FirstBackoff;
        while (!stop.IsCancellationRequested)
        {
            using var bound = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
            bound.CancelAfter(last is null ? ListTimeout : NextFullListIn());
            try
            {
                var listing = await registry.ListAsync(appKey, last, bound.Token).ConfigureAwait(false);
                Apply(listing.Instances, DateTimeOffset.UtcNow, fromCache: false);
                WarnAboutSkipped(listing.Skipped);
                last = listing;
                backoff = FirstBackoff;
                continue;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (OperationCanceledException) when (last is not null)
            {
                // updateInterval passed without a change: the next round lists in full (the pull).
                last = null;
                continue;
            }
            catch (OperationCanceledException)
            {
                OnUnreachable($"no answer within {ListTimeout.TotalSeconds:0} s");
            }
            catch (Exception ex)
            {
                OnUnreachable(RegistrationKeeper.Describe(ex));
            }

            last = null;
            try
            {
                await Task.Delay(backoff, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
        }
    }

    /// <summary>How long the watch may wait before listing in full again: sooner while an empty list is held off, to end the grace on time.</summary>
    private TimeSpan NextFullListIn()
    {
        if (emptySince == 0)
        {
            return updateInterval;
        }

        var left = TimeSpan.FromMilliseconds(Math.Max(1, (long)emptyListGrace.TotalMilliseconds - (Environment.TickCount64 - emptySince)));
        return left < updateInterval ? left : updateInterval;
    }

    /// <summary>
    /// Whether a list of none from the registry is held off: the view keeps the instances it has until the grace
    /// runs out or the registry lists some again.
    /// </summary>
    private bool HoldsOffEmpty(IReadOnlyList<ServiceInstance> instances, DateTimeOffset confirmedAt)
    {
        var kept = current.Instances.Count;
        if (instances.Count > 0 || kept == 0 || emptyListGrace <= TimeSpan.Zero)
        {
            if (emptySince != 0 && instances.Count > 0)
            {
                logger.LogInformation("{Origin}: the registry lists {Count} instances again", origin, instances.Count);
            }

            emptySince = 0;
            return false;
        }

        var now = Environment.TickCount64;
        if (emptySince == 0)
        {
            emptySince = now;
            logger.LogWarning(
                "{Origin}: the registry lists no server; calling the {Count} instances it listed before for up to {Grace} s more, while they register again",
                origin,
                kept,
                emptyListGrace.TotalSeconds);
        }

        if (now - emptySince < (long)emptyListGrace.TotalMilliseconds)
        {
            status = new DiscoveryStatus(origin, true, confirmedAt, $"the registry lists no server; calling the {kept} instances it listed before until {emptyListGrace.TotalSeconds:0.###} s have passed");
            return true;
        }

        logger.LogWarning("{Origin}: the registry has listed no server for {Grace} s; letting the {Count} instances it listed before go", origin, emptyListGrace.TotalSeconds, kept);
        emptySince = 0;
        return false;
    }

    private void Apply(IReadOnlyList<ServiceInstance> instances, DateTimeOffset confirmedAt, bool fromCache)
    {
        if (!fromCache && HoldsOffEmpty(instances, confirmedAt))
        {
            everListed = true;
            listed.TrySetResult();
            return;
        }

        var before = current;
        var states = new List<InstanceState>(instances.Count);
        var changed = false;
        foreach (var instance in instances.DistinctBy(i => i.Address, StringComparer.Ordinal))
        {
            var known = table.TryGet(instance.Address, out var existing) ? existing.Instance : null;
            var state = table.Track(instance);
            changed |= known is null || !SameMetadata(known, instance) || !before.Instances.Contains(state);
            states.Add(state);
        }

        changed |= states.Count != before.Instances.Count;

        var wasReachable = status.Reachable;
        status = fromCache
            ? new DiscoveryStatus(origin, false, confirmedAt, $"serving the list cached in {cacheFile!.Path} at {confirmedAt:u}")
            : new DiscoveryStatus(origin, true, confirmedAt, null);
        if (changed || !everListed)
        {
            current = new InstanceView(states, before.Generation + 1);
            foreach (var gone in before.Instances.Where(s => !states.Contains(s)))
            {
                retire(gone);
            }

            logger.LogInformation("{Origin}: {Count} instances ({Addresses})", origin, states.Count, string.Join(", ", states.Select(s => s.Address)));
            if (!fromCache)
            {
                SaveToCache(instances, confirmedAt);
            }
        }

        if (!fromCache && !wasReachable && everListed)
        {
            logger.LogWarning("the registry is reachable again for {Origin}: {Count} instances", origin, states.Count);
        }

        everListed |= !fromCache;
        listed.TrySetResult();
    }

    private void OnUnreachable(string why)
    {
        var before = status;
        if (!everListed && current.Generation == 0 && TryServeCache(why))
        {
            return;
        }

        status = new DiscoveryStatus(origin, false, before.ConfirmedAt, why);
        if (before.Reachable || before.Problem != why)
        {
            if (before.ConfirmedAt is { } at)
            {
                logger.LogWarning("the registry for {Origin} is unreachable: {Problem}; serving the {Count} instances last confirmed {Age} ago", origin, why, current.Instances.Count, Age(at));
            }
            else
            {
                logger.LogWarning("the registry for {Origin} is unreachable: {Problem}; no list to serve yet", origin, why);
            }
        }

        listed.TrySetResult();
    }

    private bool TryServeCache(string why)
    {
        if (cacheFile is null)
        {
            return false;
        }

        try
        {
            if (cacheFile.Load() is not { } cached)
            {
                return false;
            }

            Apply(cached.Instances, cached.ConfirmedAt, fromCache: true);
            status = status with { Problem = $"{why}; serving the list cached in {cacheFile.Path} at {cached.ConfirmedAt:u}" };
            logger.LogWarning("the registry for {Origin} is unreachable: {Problem}; serving {Count} instances from {CacheFile}, {Age} old", origin, why, cached.Instances.Count, cacheFile.Path, Age(cached.ConfirmedAt));
            return true;
        }
        catch (FormatException ex)
        {
            logger.LogWarning("{Problem}; ignoring it", ex.Message);
            return false;
        }
    }

    private void SaveToCache(IReadOnlyList<ServiceInstance> instances, DateTimeOffset confirmedAt)
    {
        try
        {
            cacheFile?.Save(instances, confirmedAt);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("cannot write the cache file {CacheFile}: {Problem}", cacheFile!.Path, ex.Message);
        }
    }

    private void WarnAboutSkipped(IReadOnlyList<SkippedEntry> skipped)
    {
        foreach (var entry in skipped)
        {
            if (warnedSkips.Add(entry))
            {
                logger.LogWarning("{Origin}: skipping the entry {Name}: {Reason}", origin, entry.Name, entry.Reason);
            }
        }
    }

    private static bool SameMetadata(ServiceInstance a, ServiceInstance b) =>
        a.Metadata.Count == b.Metadata.Count && a.Metadata.All(m => b.Metadata.TryGetValue(m.Key, out var v) && v == m.Value);

    private static string Age(DateTimeOffset since)
    {
        var age = DateTimeOffset.UtcNow - since;
        return age.TotalSeconds < 120 ? $"{Math.Max(0, age.TotalSeconds):0} s" : age.TotalMinutes < 120 ? $"{age.TotalMinutes:0} min" : $"{age.TotalHours:0} h";
    }
}
