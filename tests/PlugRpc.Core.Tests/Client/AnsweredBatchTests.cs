using System.Buffers;
using System.Collections.Concurrent;
using PlugRpc.Client;
using PlugRpc.Codecs;

namespace PlugRpc.Core.Tests.Client;

/// <summary>How a chain of answered attempts is settled by one work item (see CompletionBatch).</summary>
public sealed class AnsweredBatchTests
{
    [Fact]
    public void A_batch_settles_in_order_on_the_thread_that_took_it_until_it_turns_out_slow()
    {
        var settled = new ConcurrentQueue<(int Index, int Thread)>();
        var head = Chain(100, index => settled.Enqueue((index, Environment.CurrentManagedThreadId)));

        // Never slow here, whatever the machine does meanwhile: a preempted test thread must not split the batch.
        head.SettleChain(handOffAfterMs: long.MaxValue);

        Assert.Equal(Enumerable.Range(0, 100), settled.Select(s => s.Index));
        Assert.Single(settled.Select(s => s.Thread).Distinct());
    }

    [Fact]
    public void Slow_continuations_hand_half_of_the_calls_left_to_other_threads()
    {
        using var done = new CountdownEvent(8);
        var threads = new ConcurrentBag<int>();
        var head = Chain(8, _ =>
        {
            threads.Add(Environment.CurrentManagedThreadId);
            Thread.Sleep(40);
            done.Signal();
        });

        ((IThreadPoolWorkItem)head).Execute();

        Assert.True(done.Wait(TimeSpan.FromSeconds(10)));
        Assert.True(threads.Distinct().Count() >= 2, $"all 8 slow continuations ran on {threads.Distinct().Count()} thread(s)");
    }

    private static CallAttempt Chain(int count, Action<int> onSettled)
    {
        var calls = Enumerable.Range(0, count).Select(i => new RecordingCall(() => onSettled(i)).FirstAttempt).ToList();
        for (var i = 0; i + 1 < count; i++)
        {
            calls[i].NextInBatch = calls[i + 1];
        }

        return calls[0];
    }

    private sealed class RecordingCall(Action onSettled) : OutgoingCall("S", "M", null, CallOptions.Default, default)
    {
        public override object? RequestObject => null;

        public override object? ResponseObject => null;

        public override void WriteRequest(ICodec codec, IBufferWriter<byte> output)
        {
        }

        public override void ReadResponse(ICodec codec, in ReadOnlySequence<byte> body)
        {
        }

        protected override void Complete(Exception? failure) => onSettled();
    }
}
