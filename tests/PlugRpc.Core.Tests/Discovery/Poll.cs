namespace PlugRpc.Core.Tests.Discovery;

internal static class Poll
{
    /// <summary>Waits until <paramref name="condition"/> holds; fails after five seconds.</summary>
    public static async Task UntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition never held");
            await Task.Delay(10);
        }
    }
}
