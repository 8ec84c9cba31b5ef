namespace PlugRpc.Server;

/// <summary>Counts connections with calls being served (see <see cref="ServerConnection.CallsInFlight"/>), so that a graceful shutdown can wait for zero.</summary>
internal sealed class InFlightCounter
{
    private readonly object gate = new();
    private int count;
    private TaskCompletionSource? drained;

    public int Count => Volatile.Read(ref count);

    public void Enter() => Interlocked.Increment(ref count);

    public void Exit()
    {
        // The decrement is a full fence: a waiter that published itself before it is seen here; one that comes
        // after sees the zero itself (WaitForZeroAsync checks again once it is published).
        if (Interlocked.Decrement(ref count) != 0 || Volatile.Read(ref drained) is null)
        {
            return;
        }

        lock (gate)
        {
            drained?.TrySetResult();
        }
    }

    /// <summary>Completes when no call is in flight, or when <paramref name="timeout"/> passes; true if drained.</summary>
    public async Task<bool> WaitForZeroAsync(TimeSpan timeout)
    {
        Task waiter;
        lock (gate)
        {
            if (Count == 0)
            {
                return true;
            }

            drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waiter = drained.Task;
            Interlocked.MemoryBarrier();
            if (Count == 0)
            {
                drained.TrySetResult();
            }
        }

        return await Task.WhenAny(waiter, Task.Delay(timeout)).ConfigureAwait(false) == waiter;
    }
}
