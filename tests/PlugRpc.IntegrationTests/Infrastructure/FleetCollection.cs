namespace PlugRpc.IntegrationTests.Infrastructure;

/// <summary>
/// The fleet tests, one after another (they measure latencies and shares, and each starts or steers host
/// processes), sharing <see cref="SharedFleet"/>; a class that kills hosts or needs other host settings brings its
/// own fleet as a class fixture.
/// </summary>
[CollectionDefinition(Name)]
public sealed class FleetCollection : ICollectionFixture<SharedFleet>
{
    public const string Name = "fleet of host processes";
}

/// <summary>Three plain hosts (host-0, host-1, host-2), warmed up and kept up for all the fleet tests; each test resets them first.</summary>
public sealed class SharedFleet : IAsyncLifetime
{
    private Fleet? fleet;

    internal Fleet Fleet => fleet ?? throw new InvalidOperationException("the shared fleet has not started");

    public async Task InitializeAsync()
    {
        fleet = await Fleet.StartAsync(FleetHostSpec.Plain(3));
        await fleet.WarmUpAsync();
    }

    public async Task DisposeAsync()
    {
        if (fleet is not null)
        {
            await fleet.DisposeAsync();
        }
    }
}
