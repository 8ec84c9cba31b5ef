using PlugRpc.Discovery;

namespace PlugRpc.Core.Tests.Discovery;

public sealed class RegistrationKeeperTests
{
    private static readonly ServiceRegistration Registration = new("app", new ServiceInstance("tcp://10.0.0.1:7000"));

    [Fact]
    public async Task A_registry_that_refuses_is_retried_with_one_warning_until_the_registration_is_in_place()
    {
        var registry = new ScriptedRegistry();
        var tries = 0;
        var inner = registry.Hold;
        registry.Hold = (r, registered, ct) => Interlocked.Increment(ref tries) <= 3 ? throw new RegistryException("connection refused") : inner(r, registered, ct);
        var log = new LineLogger();
        await using var keeper = new RegistrationKeeper(registry, Registration, log);

        await keeper.Registered.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(RegistrationState.Registered, keeper.State);
        Assert.Null(keeper.Problem);
        Assert.Single(log.Warnings, w => w.Contains("cannot register") && w.Contains("connection refused"));
        Assert.Single(log.Warnings, w => w.Contains("again"));
    }

    [Fact]
    public async Task A_registration_the_registry_loses_is_made_again_by_itself()
    {
        var registry = new ScriptedRegistry();
        var holds = 0;
        var lose = new TaskCompletionSource();
        registry.Hold = async (_, registered, ct) =>
        {
            registered();
            if (Interlocked.Increment(ref holds) == 1)
            {
                await lose.Task;
                throw new RegistryException("session expired");
            }

            await Task.Delay(Timeout.Infinite, ct).ContinueWith(_ => { }, TaskScheduler.Default);
        };
        var log = new LineLogger();
        await using var keeper = new RegistrationKeeper(registry, Registration, log);
        await keeper.Registered;

        lose.SetResult();

        await Poll.UntilAsync(() => Volatile.Read(ref holds) == 2 && keeper.State == RegistrationState.Registered);
        Assert.Contains(log.Warnings, w => w.Contains("lost: session expired"));
    }

    [Fact]
    public async Task Disposing_takes_the_registration_out()
    {
        var registry = new ScriptedRegistry();
        var keeper = new RegistrationKeeper(registry, Registration, new LineLogger());
        await keeper.Registered;

        await keeper.DisposeAsync();

        Assert.Equal(1, registry.Removes);
        Assert.Equal(RegistrationState.Deregistered, keeper.State);
    }
}
