namespace PlugRpc.Server;

/// <summary>
/// The calls one connection may have in flight: taking and returning a slot is one interlocked operation; only a
/// reader that finds none left waits, and it is the only waiter (a connection has one read loop).
/// </summary>
internal sealed class CallSlots(int capacity)
{
    private int available = capacity;
    private TaskCompletionSource? waiter;

    public bool TryTake()
    {
        if (Interlocked.Decrement(ref available) >= 0)
        {
            return true;
        }

        Interlocked.Increment(ref available);
        return false;
    }

    public async Task TakeAsync(CancellationToken cancellationToken)
    {
        while (!TryTake())
        {
            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref waiter, signal);
            if (TryTake())
            {
                Volatile.Write(ref waiter, null);
                return;
            }

            await signal.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void Return()
    {
        // The increment is a full fence, as is the waiter's own retry after it publishes itself: either this
        // sees the waiter or the waiter's retry sees the slot.
        Interlocked.Increment(ref available);
        if (Volatile.Read(ref waiter) is not null)
        {
            Interlocked.Exchange(ref waiter, null)?.TrySetResult();
        }
    }
}
