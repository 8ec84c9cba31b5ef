namespace PlugRpc.Tests.Fuzzing;

/// <summary>What a piece of code allocates on the managed heap of the calling thread.</summary>
internal static class Allocations
{
    public static long Of(Action action)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
