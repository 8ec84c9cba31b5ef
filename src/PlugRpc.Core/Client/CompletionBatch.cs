namespace PlugRpc.Client;

/// <summary>
/// The calls answered by one read of a connection, chained through <see cref="CallAttempt.NextInBatch"/> (no
/// allocation), handed to the thread pool when the read is done: one work item per slice of the batch instead of
/// one per call, with a slice per processor once slices would hold <see cref="MinimumSlice"/> calls, so that a
/// large batch still runs its continuations in parallel. A smaller batch stays whole: what its continuations send
/// then leaves in one write (slices of 16 of 4 connections' 32 answers each halved the frames per write), and a
/// slice whose continuations turn out slow splits itself (see <see cref="CallAttempt"/>). Only the connection's
/// read loop touches it.
/// </summary>
internal struct CompletionBatch
{
    private const int MinimumSlice = 32;
    private CallAttempt? head;
    private CallAttempt? tail;
    private int count;

    public void Add(CallAttempt call)
    {
        if (tail is null)
        {
            head = call;
        }
        else
        {
            tail.NextInBatch = call;
        }

        tail = call;
        count++;
    }

    public void Dispatch()
    {
        if (head is null)
        {
            return;
        }

        var slice = Math.Max(MinimumSlice, (count + Environment.ProcessorCount - 1) / Environment.ProcessorCount);
        var start = head;
        while (start is not null)
        {
            var end = start;
            for (var i = 1; i < slice && end.NextInBatch is not null; i++)
            {
                end = end.NextInBatch;
            }

            var next = end.NextInBatch;
            end.NextInBatch = null;
            ThreadPool.UnsafeQueueUserWorkItem(start, preferLocal: true);
            start = next;
        }

        head = null;
        tail = null;
        count = 0;
    }
}
