using System.Diagnostics;

namespace PlugRpc.Registry.Tests.Consul;

/// <summary>
/// The state of one fake Consul agent (a dev-mode agent: server and agent in one, data in memory): its node, services
/// and checks, and a raft-like index that grows on every change. TTL checks turn critical ("TTL expired") when not
/// updated in time; a reaper removes a service whose check has been critical longer than its
/// DeregisterCriticalServiceAfter (Consul raises that to at least <see cref="FakeConsulTimings.MinimumDeregisterAfter"/>
/// and reaps every <see cref="FakeConsulTimings.ReapInterval"/>). Blocking reads wait for the index of what they read to
/// pass the one given. Thread-safe.
/// </summary>
internal sealed class FakeConsulAgent : IDisposable
{
    public const string Passing = "passing";
    public const string Warning = "warning";
    public const string Critical = "critical";
    public const string NodeName = "fake-consul";
    public const string NodeAddress = "127.0.0.1";

    private static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(20);

    private readonly object gate = new();
    private readonly FakeConsulTimings timings;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly Dictionary<string, FakeConsulService> services = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FakeConsulCheck> checks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> serviceIndexes = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource stopped = new();
    private readonly Timer ticker;
    private TaskCompletionSource changed = NewSignal();
    private long index;
    private long nextReap;

    public FakeConsulAgent(FakeConsulTimings timings)
    {
        this.timings = timings;
        NodeId = Guid.NewGuid().ToString();
        index = 1;
        checks["serfHealth"] = new FakeConsulCheck
        {
            CheckID = "serfHealth",
            Name = "Serf Health Status",
            Status = Passing,
            Output = "Agent alive and reachable",
            CreateIndex = 1,
            ModifyIndex = 1,
        };
        nextReap = Now + (long)timings.ReapInterval.TotalMilliseconds;
        ticker = new Timer(_ => Tick(), null, TickInterval, TickInterval);
    }

    public string NodeId { get; }

    /// <summary>Cancelled when the agent stops: blocking reads in flight end (their connections drop).</summary>
    public CancellationToken Stopped => stopped.Token;

    public long Index
    {
        get
        {
            lock (gate)
            {
                return index;
            }
        }
    }

    private long Now => clock.ElapsedMilliseconds;

    public void Register(FakeConsulDefinition definition, bool replaceExistingChecks)
    {
        lock (gate)
        {
            var at = ++index;
            if (services.TryGetValue(definition.ID, out var previous) && previous.Name != definition.Name)
            {
                serviceIndexes[previous.Name] = at;
            }

            services[definition.ID] = new FakeConsulService(
                definition.ID,
                definition.Name,
                definition.Tags,
                definition.Address,
                definition.Port,
                definition.Meta,
                previous?.CreateIndex ?? at,
                at);
            serviceIndexes[definition.Name] = at;

            var kept = definition.Checks.Select(c => c.CheckID).ToHashSet(StringComparer.Ordinal);
            if (replaceExistingChecks)
            {
                foreach (var stale in checks.Values.Where(c => c.ServiceID == definition.ID && !kept.Contains(c.CheckID)).ToList())
                {
                    checks.Remove(stale.CheckID);
                }
            }

            foreach (var check in definition.Checks)
            {
                checks.TryGetValue(check.CheckID, out var existing);
                var status = check.Status ?? existing?.Status ?? Critical;
                var after = check.DeregisterAfter is { } given && given < timings.MinimumDeregisterAfter ? timings.MinimumDeregisterAfter : check.DeregisterAfter;
                checks[check.CheckID] = new FakeConsulCheck
                {
                    CheckID = check.CheckID,
                    Name = check.Name,
                    ServiceID = definition.ID,
                    ServiceName = definition.Name,
                    Ttl = check.Ttl,
                    DeregisterAfter = after,
                    Status = status,
                    Output = existing?.Output ?? string.Empty,
                    Notes = check.Notes,
                    ExpiresAt = Now + (long)check.Ttl.TotalMilliseconds,
                    CriticalSince = status == Critical ? existing?.CriticalSince ?? Now : null,
                    CreateIndex = existing?.CreateIndex ?? at,
                    ModifyIndex = at,
                };
            }

            Signal();
        }
    }

    /// <summary>Removes a service and its checks; false when the agent has no service of that ID.</summary>
    public bool Deregister(string serviceId)
    {
        lock (gate)
        {
            if (!RemoveService(serviceId))
            {
                return false;
            }

            Signal();
            return true;
        }
    }

    /// <summary>Sets a TTL check's status and output and restarts its TTL; the answer's status and text as Consul gives them.</summary>
    public (int Status, string Body) UpdateCheck(string checkId, string status, string output)
    {
        lock (gate)
        {
            if (!checks.TryGetValue(checkId, out var check))
            {
                return (404, $"Unknown check ID \"{checkId}\". Ensure that the check ID is passed, not the check name.");
            }

            if (check.Ttl is not { } ttl)
            {
                return (500, $"CheckID \"{checkId}\" does not have associated TTL");
            }

            check.ExpiresAt = Now + (long)ttl.TotalMilliseconds;
            SetStatus(check, status, output);
            return (200, string.Empty);
        }
    }

    /// <summary>The node's health entries of service <paramref name="name"/> and the index they are at (never below 1).</summary>
    public (IReadOnlyList<FakeConsulHealthEntry> Entries, long Index) Health(string name, bool passingOnly)
    {
        lock (gate)
        {
            var nodeChecks = checks.Values.Where(c => c.ServiceID.Length == 0).ToList();
            var entries = services.Values
                .Where(s => s.Name == name)
                .OrderBy(s => s.ID, StringComparer.Ordinal)
                .Select(s => new FakeConsulHealthEntry(NodeId, s, nodeChecks.Concat(checks.Values.Where(c => c.ServiceID == s.ID)).Select(Copy).ToList()))
                .Where(e => !passingOnly || e.Checks.All(c => c.Status == Passing))
                .ToList();
            return (entries, Math.Max(1, serviceIndexes.TryGetValue(name, out var at) ? at : index));
        }
    }

    /// <summary>
    /// As <see cref="Health"/>, but with <paramref name="minIndex"/> above 0 it first waits, up to <paramref name="wait"/>,
    /// until the index passes <paramref name="minIndex"/> (a blocking query).
    /// </summary>
    public async Task<(IReadOnlyList<FakeConsulHealthEntry> Entries, long Index)> HealthAsync(string name, bool passingOnly, long minIndex, TimeSpan wait, CancellationToken cancellationToken)
    {
        var deadline = Now + (long)wait.TotalMilliseconds;
        while (true)
        {
            Task signal;
            lock (gate)
            {
                var answer = Health(name, passingOnly);
                if (minIndex <= 0 || answer.Index > minIndex || Now >= deadline)
                {
                    return answer;
                }

                signal = changed.Task;
            }

            await Task.WhenAny(signal, Task.Delay(TimeSpan.FromMilliseconds(Math.Max(1, deadline - Now)), cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    public IReadOnlyList<FakeConsulService> Services()
    {
        lock (gate)
        {
            return services.Values.OrderBy(s => s.ID, StringComparer.Ordinal).ToList();
        }
    }

    public IReadOnlyList<FakeConsulCheck> Checks()
    {
        lock (gate)
        {
            return checks.Values.OrderBy(c => c.CheckID, StringComparer.Ordinal).Select(Copy).ToList();
        }
    }

    public void Dispose()
    {
        ticker.Dispose();
        stopped.Cancel();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static FakeConsulCheck Copy(FakeConsulCheck c) => new()
    {
        CheckID = c.CheckID,
        Name = c.Name,
        ServiceID = c.ServiceID,
        ServiceName = c.ServiceName,
        Ttl = c.Ttl,
        DeregisterAfter = c.DeregisterAfter,
        Status = c.Status,
        Output = c.Output,
        Notes = c.Notes,
        ExpiresAt = c.ExpiresAt,
        CriticalSince = c.CriticalSince,
        CreateIndex = c.CreateIndex,
        ModifyIndex = c.ModifyIndex,
    };

    private void Tick()
    {
        lock (gate)
        {
            var now = Now;
            foreach (var check in checks.Values.Where(c => c.ExpiresAt <= now && c.Status != Critical).ToList())
            {
                SetStatus(check, Critical, "TTL expired");
            }

            if (now < nextReap)
            {
                return;
            }

            nextReap = now + (long)timings.ReapInterval.TotalMilliseconds;
            var reaped = checks.Values
                .Where(c => c.ServiceID.Length > 0 && c.DeregisterAfter is { } after && c.CriticalSince is { } since && now - since >= after.TotalMilliseconds)
                .Select(c => c.ServiceID)
                .Distinct(StringComparer.Ordinal)
                .ToList();
            var removed = false;
            foreach (var serviceId in reaped)
            {
                removed |= RemoveService(serviceId);
            }

            if (removed)
            {
                Signal();
            }
        }
    }

    /// <summary>A status change is a change (a new index); a pass that changes nothing is not, as on a real agent.</summary>
    private void SetStatus(FakeConsulCheck check, string status, string output)
    {
        if (check.Status == status && check.Output == output)
        {
            return;
        }

        check.CriticalSince = status == Critical ? check.CriticalSince ?? Now : null;
        check.Status = status;
        check.Output = output;
        check.ModifyIndex = ++index;
        if (check.ServiceName.Length > 0)
        {
            serviceIndexes[check.ServiceName] = index;
        }
        else
        {
            foreach (var name in serviceIndexes.Keys.ToList())
            {
                serviceIndexes[name] = index;
            }
        }

        Signal();
    }

    private bool RemoveService(string serviceId)
    {
        if (!services.Remove(serviceId, out var service))
        {
            return false;
        }

        foreach (var check in checks.Values.Where(c => c.ServiceID == serviceId).ToList())
        {
            checks.Remove(check.CheckID);
        }

        serviceIndexes[service.Name] = ++index;
        return true;
    }

    private void Signal()
    {
        var fired = changed;
        changed = NewSignal();
        fired.TrySetResult();
    }
}

/// <summary>One entry of /v1/health/service/:service: a service on the fake's node with the node's checks and its own.</summary>
internal sealed record FakeConsulHealthEntry(string NodeId, FakeConsulService Service, IReadOnlyList<FakeConsulCheck> Checks);

/// <summary>The agent's timings: Consul's are a 1m minimum for DeregisterCriticalServiceAfter and a reaper every 30s; tests use shorter ones.</summary>
internal sealed record FakeConsulTimings(TimeSpan MinimumDeregisterAfter, TimeSpan ReapInterval)
{
    public static FakeConsulTimings Consul { get; } = new(TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(30));

    public static FakeConsulTimings Fast { get; } = new(TimeSpan.Zero, TimeSpan.FromMilliseconds(100));
}
