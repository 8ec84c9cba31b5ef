using PlugRpc.Discovery;

namespace PlugRpc.Registry.Tests.Etcd;

/// <summary>
/// Holds a registration as Core does: calls HoldAsync again (after 100 ms) whenever it throws, counting the times it
/// was put in place and the losses, until disposed. Disposing does not remove it.
/// </summary>
internal sealed class HeldRegistration : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly TaskCompletionSource first = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> losses = [];
    private readonly Task holding;
    private int registrations;

    public HeldRegistration(IRegistry registry, ServiceRegistration registration)
    {
        holding = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await registry.HoldAsync(registration, OnRegistered, stop.Token);
                    return;
                }
                catch (Exception ex) when (!stop.IsCancellationRequested)
                {
                    lock (losses)
                    {
                        losses.Add($"{ex.GetType().Name}: {ex.Message}");
                    }

                    await Task.Delay(100, CancellationToken.None);
                }
                catch (Exception) when (stop.IsCancellationRequested)
                {
                    return;
                }
            }
        });
    }

    /// <summary>Completes when the registration is first in place (bounded by the caller).</summary>
    public Task Registered => first.Task;

    public int Registrations => Volatile.Read(ref registrations);

    public IReadOnlyList<string> Losses
    {
        get
        {
            lock (losses)
            {
                return losses.ToList();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await holding;
        stop.Dispose();
    }

    private void OnRegistered()
    {
        Interlocked.Increment(ref registrations);
        first.TrySetResult();
    }
}
