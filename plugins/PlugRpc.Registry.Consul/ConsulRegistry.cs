using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using PlugRpc.Discovery;

namespace PlugRpc.Registry.Consul;

/// <summary>
/// A Consul agent as a registry, over its HTTP API: a server holds its instance as a service with a TTL check it
/// passes every ttl/3 (the agent marks it critical when the passes stop, and removes it after deregisterAfter); a
/// client lists the app key's passing instances from /v1/health/service and waits for changes with blocking queries.
/// </summary>
public sealed class ConsulRegistry : IRegistry
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RetryAfterFailedPass = TimeSpan.FromMilliseconds(250);

    private readonly ConsulSettings settings;
    private readonly ConsulAgentClient agent;
    private readonly CancellationTokenSource closing = new();
    private int disposed;

    /// <exception cref="FormatException">The URL does not suit Consul (not one agent, an unknown or malformed parameter).</exception>
    public ConsulRegistry(RegistryAddress address)
    {
        Address = address;
        settings = ConsulSettings.From(address);
        agent = new ConsulAgentClient(settings);
    }

    public RegistryAddress Address { get; }

    public async Task<RegistryListing> ListAsync(string appKey, RegistryListing? after, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, closing.Token);
        var watch = after?.Cursor as ConsulWatch ?? new ConsulWatch();
        var index = after is { Version: > 0 } ? after.Version : 0;
        try
        {
            if (index > 0 && watch.Failed)
            {
                // After a failure the agent may have come back without its data and with an index below (or, by
                // chance, equal to) the one held, which a blocking query would wait on: ask without blocking first.
                var now = await QueryAsync(appKey, 0, watch, linked.Token).ConfigureAwait(false);
                if (now.Version != index || !SameInstances(now, after!))
                {
                    watch.Failed = false;
                    return now;
                }
            }

            if (index > 0)
            {
                await watch.WaitTurnAsync(linked.Token).ConfigureAwait(false);
            }

            var listing = await QueryAsync(appKey, index, watch, linked.Token).ConfigureAwait(false);
            watch.Failed = false;
            return listing;
        }
        catch (RegistryException)
        {
            watch.Failed = true;
            throw;
        }
    }

    public async Task HoldAsync(ServiceRegistration registration, Action registered, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        var definition = ConsulServiceDefinition.For(registration, settings);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, closing.Token);
        var token = linked.Token;
        try
        {
            await RegisterAsync(definition, token).ConfigureAwait(false);
            var lastPass = Stopwatch.StartNew();
            var failure = await PassAsync(definition, CallTimeout, token).ConfigureAwait(false);
            if (failure is not null)
            {
                throw new RegistryException(failure);
            }

            registered();
            var interval = settings.Ttl / 3;
            while (true)
            {
                await Task.Delay(failure is null ? interval : Min(interval, RetryAfterFailedPass), token).ConfigureAwait(false);
                var left = settings.Ttl - lastPass.Elapsed;
                failure = await PassAsync(definition, Min(CallTimeout, Max(left, TimeSpan.FromMilliseconds(100))), token).ConfigureAwait(false);
                if (failure is null)
                {
                    lastPass.Restart();
                }
                else if (lastPass.Elapsed >= settings.Ttl)
                {
                    throw new RegistryException($"{failure}; the TTL check of {definition.ID} went unpassed for its whole TTL of {ConsulDuration.Format(settings.Ttl)}");
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Cancelled, or the registry closed: the entry stays for RemoveAsync, or until its check expires.
        }
    }

    public async Task RemoveAsync(ServiceRegistration registration, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        var id = ConsulServiceDefinition.IdOf(registration);
        var answer = await agent.SendAsync(HttpMethod.Put, "v1/agent/service/deregister/" + Escape(id), null, CallTimeout, cancellationToken).ConfigureAwait(false);

        // 404: the agent does not have it (expired, or the agent restarted), which is what was asked.
        if (!answer.IsSuccess && answer.Status != HttpStatusCode.NotFound)
        {
            throw new RegistryException($"consul agent {settings.Agent} refused to deregister {id}: {answer.Reason}");
        }
    }

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            closing.Cancel();
            agent.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    public override string ToString() => settings.ToString();

    private async Task<RegistryListing> QueryAsync(string appKey, long index, ConsulWatch watch, CancellationToken cancellationToken)
    {
        var path = "v1/health/service/" + Escape(appKey) + "?passing=true";
        var timeout = CallTimeout;
        if (index > 0)
        {
            path += $"&index={index}&wait={ConsulDuration.Format(settings.Wait)}";
            timeout += settings.Wait + (settings.Wait / 16);
        }

        var answer = await agent.SendAsync(HttpMethod.Get, path, null, timeout, cancellationToken).ConfigureAwait(false);
        if (!answer.IsSuccess)
        {
            throw new RegistryException($"consul agent {settings.Agent} refused to list service '{appKey}': {answer.Reason}");
        }

        try
        {
            var (instances, skipped) = ConsulHealthEntries.Read(appKey, answer.Body);

            // The index is opaque: it is only sent back. When it went backwards, the answer is the state now and
            // the next query waits from its index, which is what "reset to 0" comes to.
            return new RegistryListing(instances, ConsulIndex.Next(answer.Index), skipped, watch);
        }
        catch (FormatException ex)
        {
            throw new RegistryException($"consul agent {settings.Agent} listed service '{appKey}' in an unreadable form: {ex.Message}", ex);
        }
    }

    private async Task RegisterAsync(ConsulServiceDefinition definition, CancellationToken cancellationToken)
    {
        var body = new ByteArrayContent(definition.ToJson());
        body.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var answer = await agent.SendAsync(HttpMethod.Put, "v1/agent/service/register?replace-existing-checks=true", body, CallTimeout, cancellationToken).ConfigureAwait(false);
        if (!answer.IsSuccess)
        {
            throw new RegistryException($"consul agent {settings.Agent} refused to register {definition.ID}: {answer.Reason}");
        }
    }

    /// <summary>Passes the TTL check; null when passed, else why not.</summary>
    /// <exception cref="RegistryException">The agent no longer has the check (it restarted or removed the service), or refuses the pass.</exception>
    private async Task<string?> PassAsync(ConsulServiceDefinition definition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ConsulAnswer answer;
        try
        {
            answer = await agent.SendAsync(HttpMethod.Put, "v1/agent/check/pass/" + Escape(definition.Check.CheckID), null, timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (RegistryException ex)
        {
            return ex.Message;
        }

        if (answer.IsSuccess)
        {
            return null;
        }

        if (IsLostCheck(answer))
        {
            throw new RegistryException($"consul agent {settings.Agent} no longer has {definition.ID} (the agent restarted or removed the service): {answer.Reason}");
        }

        if ((int)answer.Status >= 500 || answer.Status == HttpStatusCode.TooManyRequests)
        {
            return $"consul agent {settings.Agent} could not pass the check of {definition.ID}: {answer.Reason}";
        }

        throw new RegistryException($"consul agent {settings.Agent} refused to pass the check of {definition.ID}: {answer.Reason}");
    }

    /// <summary>
    /// The agent does not know the check: 404 "Unknown check ID" from current agents, 500 "does not have
    /// associated TTL" from older ones.
    /// </summary>
    private static bool IsLostCheck(ConsulAnswer answer) =>
        answer.Status == HttpStatusCode.NotFound ||
        answer.Body.Contains("does not have associated TTL", StringComparison.OrdinalIgnoreCase) ||
        answer.Body.Contains("Unknown check", StringComparison.OrdinalIgnoreCase);

    private static bool SameInstances(RegistryListing a, RegistryListing b) =>
        a.Instances.Count == b.Instances.Count &&
        a.Instances.All(x => b.Instances.Any(y => x.Address == y.Address && x.Metadata.Count == y.Metadata.Count &&
            x.Metadata.All(m => y.Metadata.TryGetValue(m.Key, out var value) && value == m.Value)));

    private static string Escape(string segment) => Uri.EscapeDataString(segment);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
