namespace PlugRpc.IntegrationTests.Infrastructure;

internal static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until it holds; fails after <paramref name="timeout"/> (five seconds by default).</summary>
    public static async Task TrueAsync(Func<bool> condition, string? what = null, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(5));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"condition never held: {what ?? "(unnamed)"}");
            }

            await Task.Delay(10);
        }
    }

    /// <summary>Polls <paramref name="condition"/> (e.g. a call) until it holds; fails after <paramref name="timeout"/> (five seconds by default).</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(5));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"condition never held: {what}");
            }

            await Task.Delay(20);
        }
    }
}
