using System.Diagnostics;
using PlugRpc.Discovery;

namespace PlugRpc.Registry.Tests.Consul;

/// <summary>Follows an app key's listings with the registry's own waiting (ListAsync with the last listing) until a condition holds.</summary>
internal static class ConsulListings
{
    public static async Task<(RegistryListing Listing, TimeSpan Took)> WatchUntilAsync(
        IRegistry registry, string appKey, RegistryListing? from, Func<RegistryListing, bool> condition, TimeSpan timeout, string what)
    {
        var took = Stopwatch.StartNew();
        using var limit = new CancellationTokenSource(timeout);
        var listing = from ?? await registry.ListAsync(appKey, null, limit.Token);
        try
        {
            while (!condition(listing))
            {
                listing = await registry.ListAsync(appKey, listing, limit.Token);
            }
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            Assert.Fail($"{what} did not happen within {timeout.TotalSeconds} s");
        }

        return (listing, took.Elapsed);
    }

    public static IEnumerable<string> Addresses(RegistryListing listing) => listing.Instances.Select(i => i.Address);
}
