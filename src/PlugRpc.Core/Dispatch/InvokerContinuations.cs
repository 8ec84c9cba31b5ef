namespace PlugRpc.Dispatch;

/// <summary>Awaits a seed-shaped method (one that fills a response object) and then yields that object.</summary>
internal static class InvokerContinuations
{
    public static async ValueTask<T> ThenReturn<T>(Task task, T value)
    {
        await task.ConfigureAwait(false);
        return value;
    }

    public static async ValueTask<T> ThenReturn<T>(ValueTask task, T value)
    {
        await task.ConfigureAwait(false);
        return value;
    }
}
