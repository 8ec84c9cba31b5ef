using PlugRpc.Discovery;

namespace PlugRpc.Client;

/// <summary>
/// Picks the instance for one attempt: the source's current view, less what the instance filters leave out and
/// the instances the call has already tried when it asks for another, then the selector. The selector hears of
/// each newer view once, before its first pick among it (a thread still holding an older view never re-announces it). Nothing is allocated unless a filter leaves someone out.
/// </summary>
internal sealed class InstancePicker
{
    private readonly IInstanceSource source;
    private readonly IReadOnlyList<IInstanceFilter> filters;
    private readonly ISelector? selector;
    private readonly Lock viewLock = new();
    private InstanceView? announced;

    /// <param name="selector">Null only when the source is a single fixed instance.</param>
    public InstancePicker(IInstanceSource source, IReadOnlyList<IInstanceFilter> filters, ISelector? selector)
    {
        this.source = source;
        this.filters = filters;
        this.selector = selector;
    }

    public IInstanceSource Source => source;

    /// <summary>The instance for the next attempt of <paramref name="call"/>, avoiding <paramref name="tried"/> when it can.</summary>
    /// <exception cref="RpcException">Unavailable: no instance, or none left by the filters (naming why).</exception>
    public InstanceState Pick(ClientCallContext call, IReadOnlyList<InstanceState>? tried = null)
    {
        var view = source.Current;
        var all = view.Instances;
        if (all.Count == 0)
        {
            throw new RpcException(RpcStatusCode.Unavailable, $"no server to call for {call}: {source.NoInstancesReason}");
        }

        var candidates = Candidates(all, call, tried);
        if (candidates.Count == 1 || selector is null)
        {
            return candidates[0];
        }

        if (Volatile.Read(ref announced) is not { } last || (!ReferenceEquals(last, view) && view.Generation > last.Generation))
        {
            Announce(view);
        }

        return selector.Select(candidates, call);
    }

    private void Announce(InstanceView view)
    {
        lock (viewLock)
        {
            if (announced is null || view.Generation > announced.Generation)
            {
                selector!.OnViewChanged(view);
                Volatile.Write(ref announced, view);
            }
        }
    }

    private IReadOnlyList<InstanceState> Candidates(IReadOnlyList<InstanceState> all, ClientCallContext call, IReadOnlyList<InstanceState>? tried)
    {
        if (filters.Count == 0 && tried is null)
        {
            return all;
        }

        List<InstanceState>? kept = null;
        IInstanceFilter? lastRefusal = null;
        var refused = 0;
        for (var i = 0; i < all.Count; i++)
        {
            var instance = all[i];
            var refusal = RefusalOf(instance, call);
            if (refusal is null && (tried is null || !Contains(tried, instance)))
            {
                kept?.Add(instance);
                continue;
            }

            if (refusal is not null)
            {
                lastRefusal = refusal;
                refused++;
            }

            if (kept is null)
            {
                kept = new List<InstanceState>(all.Count);
                for (var j = 0; j < i; j++)
                {
                    kept.Add(all[j]);
                }
            }
        }

        if (kept is null)
        {
            return all;
        }

        if (kept.Count > 0)
        {
            return kept;
        }

        if (refused < all.Count && tried is not null)
        {
            // Every instance the filters allow was tried already: trying one again beats failing.
            return Candidates(all, call, null);
        }

        throw new RpcException(
            RpcStatusCode.Unavailable,
            $"no server left for {call}: all {all.Count} left out ({lastRefusal!.Reason}{(refused < all.Count ? " or already tried" : string.Empty)})");
    }

    private IInstanceFilter? RefusalOf(InstanceState instance, ClientCallContext call)
    {
        for (var f = 0; f < filters.Count; f++)
        {
            if (!filters[f].Allows(instance, call))
            {
                return filters[f];
            }
        }

        return null;
    }

    private static bool Contains(IReadOnlyList<InstanceState> tried, InstanceState instance)
    {
        for (var i = 0; i < tried.Count; i++)
        {
            if (ReferenceEquals(tried[i], instance))
            {
                return true;
            }
        }

        return false;
    }
}
