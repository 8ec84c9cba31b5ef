using PlugRpc.Discovery;

namespace PlugRpc.Registry.Tests.Infrastructure;

/// <summary>A registry's HoldAsync running in the background, as Core's keeper runs it: registered once the callback came, stopped by cancelling.</summary>
internal sealed class Holding : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly TaskCompletionSource registered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Holding(IRegistry registry, ServiceRegistration registration)
    {
        Registration = registration;
        Run = Task.Run(() => registry.HoldAsync(registration, () => registered.TrySetResult(), stop.Token));
    }

    public ServiceRegistration Registration { get; }

    /// <summary>The HoldAsync call: runs while held, fails when the registry loses the registration.</summary>
    public Task Run { get; }

    /// <summary>Starts holding and returns once the registration is in place.</summary>
    public static async Task<Holding> StartAsync(IRegistry registry, ServiceRegistration registration)
    {
        var holding = new Holding(registry, registration);
        await holding.RegisteredAsync(TimeSpan.FromSeconds(15));
        return holding;
    }

    /// <summary>Waits (five seconds unless told) until the registration is in place; throws why HoldAsync failed if it did.</summary>
    public async Task RegisteredAsync(TimeSpan? limit = null)
    {
        var wait = limit ?? TimeSpan.FromSeconds(5);
        var done = await Task.WhenAny(registered.Task, Run, Task.Delay(wait));
        if (done == Run)
        {
            await Run;
        }

        Assert.True(registered.Task.IsCompleted, $"{Registration} was not registered within {wait.TotalSeconds:0} s");
    }

    /// <summary>Cancels the hold and waits for HoldAsync to return; a registration already lost is no error here.</summary>
    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await Run.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (RegistryException)
        {
        }

        stop.Dispose();
    }
}
