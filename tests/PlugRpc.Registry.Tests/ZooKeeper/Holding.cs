using PlugRpc.Discovery;

namespace PlugRpc.Registry.Tests.ZooKeeper;

/// <summary>A registry's HoldAsync running in the background, as Core runs it: registered once the callback came, stopped by cancelling.</summary>
internal sealed class Holding : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly TaskCompletionSource registered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private Holding(IRegistry registry, ServiceRegistration registration)
    {
        Run = Task.Run(() => registry.HoldAsync(registration, () => registered.TrySetResult(), stop.Token));
    }

    /// <summary>The HoldAsync call: runs until cancelled, or fails when the registration is lost.</summary>
    public Task Run { get; }

    public static async Task<Holding> StartAsync(IRegistry registry, ServiceRegistration registration)
    {
        var holding = new Holding(registry, registration);
        await Task.WhenAny(holding.registered.Task, holding.Run).WaitAsync(TimeSpan.FromSeconds(15));
        if (!holding.registered.Task.IsCompleted)
        {
            await holding.Run; // throws why
            throw new InvalidOperationException("HoldAsync returned without registering");
        }

        return holding;
    }

    /// <summary>Cancels the hold and waits for HoldAsync to return (it must not throw).</summary>
    public async ValueTask DisposeAsync()
    {
        stop.Cancel();
        if (!Run.IsFaulted)
        {
            await Run.WaitAsync(TimeSpan.FromSeconds(10));
        }

        stop.Dispose();
    }
}
