using PlugRpc.Discovery;

namespace PlugRpc.Registry.Tests.Consul;

/// <summary>A registration a test holds in a registry in the background, as Core's keeper would: started, registered, stopped.</summary>
internal sealed class ConsulHolding : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly TaskCompletionSource registered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConsulHolding(IRegistry registry, ServiceRegistration registration)
    {
        Registration = registration;
        Holding = Task.Run(() => registry.HoldAsync(registration, () => registered.TrySetResult(), stop.Token));
    }

    public ServiceRegistration Registration { get; }

    /// <summary>The HoldAsync call: runs while held, fails when the registry loses the registration.</summary>
    public Task Holding { get; }

    /// <summary>Waits (five seconds at most) until the registration is in place.</summary>
    public async Task RegisteredAsync()
    {
        var done = await Task.WhenAny(registered.Task, Holding, Task.Delay(TimeSpan.FromSeconds(5)));
        if (done == Holding)
        {
            await Holding;
        }

        Assert.True(registered.Task.IsCompleted, $"{Registration} was not registered within 5 s");
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await Holding;
        }
        catch (RegistryException)
        {
        }

        stop.Dispose();
    }
}
