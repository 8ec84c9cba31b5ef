using Microsoft.Extensions.Logging;

namespace PlugRpc.Discovery;

/// <summary>
/// Keeps one registration in its registry: holds it through the plugin, and when the registry loses it or cannot
/// be reached, tries again with a growing backoff, logging once per change of state rather than once per try.
/// Disposing takes the registration out.
/// </summary>
internal sealed class RegistrationKeeper : IRegistration
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RemoveTimeout = TimeSpan.FromSeconds(3);

    private readonly IRegistry registry;
    private readonly ILogger logger;
    private readonly CancellationTokenSource stop = new();
    private readonly TaskCompletionSource registered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task keeping;
    private volatile string? problem;
    private int state = (int)RegistrationState.Registering;
    private int disposed;

    public RegistrationKeeper(IRegistry registry, ServiceRegistration registration, ILogger logger)
    {
        this.registry = registry;
        this.logger = logger;
        Registration = registration;
        keeping = Task.Run(KeepAsync);
    }

    public ServiceRegistration Registration { get; }

    public RegistrationState State => (RegistrationState)Volatile.Read(ref state);

    public string? Problem => problem;

    public Task Registered => registered.Task;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        stop.Cancel();
        await keeping.ConfigureAwait(false);
        using var timeout = new CancellationTokenSource(RemoveTimeout);
        try
        {
            await registry.RemoveAsync(Registration, timeout.Token).ConfigureAwait(false);
            logger.LogInformation("deregistered {Registration} from {Registry}", Registration, registry.Address);
        }
        catch (Exception ex)
        {
            logger.LogWarning("could not deregister {Registration} from {Registry}: {Problem}; it leaves when the registry expires it", Registration, registry.Address, Describe(ex));
        }

        Volatile.Write(ref state, (int)RegistrationState.Deregistered);
        registered.TrySetCanceled();
        stop.Dispose();
    }

    private async Task KeepAsync()
    {
        var backoff = FirstBackoff;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await registry.HoldAsync(Registration, () => OnRegistered(ref backoff), stop.Token).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                OnProblem(Describe(ex));
            }

            try
            {
                await Task.Delay(Jittered(backoff), stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
        }
    }

    private void OnRegistered(ref TimeSpan backoff)
    {
        backoff = FirstBackoff;
        var before = problem;
        problem = null;
        Volatile.Write(ref state, (int)RegistrationState.Registered);
        if (before is null)
        {
            logger.LogInformation("registered {Registration} in {Registry}", Registration, registry.Address);
        }
        else
        {
            logger.LogWarning("registered {Registration} in {Registry} again (it was out: {Problem})", Registration, registry.Address, before);
        }

        registered.TrySetResult();
    }

    private void OnProblem(string why)
    {
        var wasRegistered = Interlocked.Exchange(ref state, (int)RegistrationState.Registering) == (int)RegistrationState.Registered;
        if (wasRegistered)
        {
            logger.LogWarning("registration of {Registration} in {Registry} lost: {Problem}; registering again", Registration, registry.Address, why);
        }
        else if (why != problem)
        {
            logger.LogWarning("cannot register {Registration} in {Registry}: {Problem}; retrying (every {Backoff} s at most) and serving meanwhile", Registration, registry.Address, why, MaxBackoff.TotalSeconds);
        }

        problem = why;
    }

    private static TimeSpan Jittered(TimeSpan backoff) =>
        TimeSpan.FromTicks((long)(backoff.Ticks * (0.8 + (0.4 * Random.Shared.NextDouble()))));

    internal static string Describe(Exception ex) =>
        ex is RegistryException or RpcException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}";
}
