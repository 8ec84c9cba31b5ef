using System.Diagnostics;
using Etcdserverpb;
using Google.Protobuf;
using PlugRpc.Discovery;
using PlugRpc.Registry.Tests.Infrastructure;
using static PlugRpc.Registry.Tests.Etcd.EtcdTestKit;

namespace PlugRpc.Registry.Tests.Etcd;

[CollectionDefinition(Name)]
public sealed class EtcdServerCollection : ICollectionFixture<EtcdServer>
{
    public const string Name = "etcd server";
}

/// <summary>The etcd registry against a real etcd: the layout, listing, waiting for a change, leases kept and lost.</summary>
[Collection(EtcdServerCollection.Name)]
public sealed class EtcdRegistryTests(EtcdServer server)
{
    private readonly string root = NewRoot();

    [EtcdFact]
    public async Task A_registration_is_one_key_with_its_metadata_on_a_lease_listed_until_removed()
    {
        await using var registry = Open(server.UrlFor(root));
        var registration = Registration("arith", 8888, new Dictionary<string, string>
        {
            [InstanceMetadataKeys.Tags] = """{"zone":"a"}""",
            [InstanceMetadataKeys.Weight] = "3",
        });
        using var stop = new CancellationTokenSource();
        var (holding, registered) = Hold(registry, registration, stop.Token);
        await registered;

        var listing = await registry.ListAsync("arith", null, CancellationToken.None);
        using var etcd = server.Client();
        var stored = Assert.Single((await etcd.GetAsync($"/{root}/arith/tcp@127.0.0.1:8888")).Kvs);

        var instance = Assert.Single(listing.Instances);
        Assert.Equal("tcp://127.0.0.1:8888", instance.Address);
        Assert.Equal("""{"zone":"a"}""", instance.Metadata[InstanceMetadataKeys.Tags]);
        Assert.Equal("3", instance.Metadata[InstanceMetadataKeys.Weight]);
        Assert.Empty(listing.Skipped);
        Assert.True(listing.Version >= stored.ModRevision, $"listing at revision {listing.Version}, key put at {stored.ModRevision}");
        Assert.Equal("""{"tags":{"zone":"a"},"weight":"3"}""", stored.Value.ToStringUtf8());
        Assert.NotEqual(0, stored.Lease);

        await stop.CancelAsync();
        await holding.WaitAsync(Soon);
        Assert.Single((await registry.ListAsync("arith", null, CancellationToken.None)).Instances);

        await registry.RemoveAsync(registration, CancellationToken.None);
        Assert.Empty((await registry.ListAsync("arith", null, CancellationToken.None)).Instances);
        Assert.Empty((await etcd.GetAsync(KeyOf(root, registration))).Kvs);
    }

    [EtcdFact]
    public async Task A_waiting_listing_returns_within_a_second_of_a_registration_and_of_a_removal()
    {
        await using var client = Open(server.UrlFor(root));
        await using var serverSide = Open(server.UrlFor(root));
        var registration = Registration("arith", 9001);
        var before = await client.ListAsync("arith", null, CancellationToken.None);
        var waiting = client.ListAsync("arith", before, CancellationToken.None);
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted, "the listing returned without a change");

        using var stop = new CancellationTokenSource();
        var (holding, registered) = Hold(serverSide, registration, stop.Token);
        await registered;
        var added = await waiting.WaitAsync(TimeSpan.FromSeconds(1));

        Assert.Equal(["tcp://127.0.0.1:9001"], Addresses(added));
        Assert.True(added.Version > before.Version);

        await stop.CancelAsync();
        await holding;
        var waitingAgain = client.ListAsync("arith", added, CancellationToken.None);
        await serverSide.RemoveAsync(registration, CancellationToken.None);
        var removed = await waitingAgain.WaitAsync(TimeSpan.FromSeconds(1));

        Assert.Empty(removed.Instances);
    }

    [EtcdFact]
    public async Task A_key_leaves_within_the_ttl_once_its_holder_is_gone_without_removing_it()
    {
        var holder = Open(server.UrlFor(root));
        await using var held = new HeldRegistration(holder, Registration("arith", 9002));
        await held.Registered.WaitAsync(Soon);
        await using var watcher = Open(server.UrlFor(root));
        var listing = await watcher.ListAsync("arith", null, CancellationToken.None);
        Assert.Single(listing.Instances);

        await holder.DisposeAsync();
        var gone = Stopwatch.StartNew();
        while (listing.Instances.Count > 0)
        {
            listing = await watcher.ListAsync("arith", listing, CancellationToken.None).WaitAsync(Ttl + TimeSpan.FromSeconds(2));
        }

        Assert.True(gone.Elapsed < Ttl + TimeSpan.FromSeconds(1), $"the key left {gone.Elapsed} after its holder, TTL {Ttl}");
    }

    [EtcdFact]
    public async Task A_lease_revoked_behind_its_back_is_reported_lost_and_a_second_hold_puts_the_key_again()
    {
        await using var registry = Open(server.UrlFor(root));
        var registration = Registration("arith", 9003);
        using var stop = new CancellationTokenSource();
        var (holding, registered) = Hold(registry, registration, stop.Token);
        await registered;
        using var etcd = server.Client();
        var lease = Assert.Single((await etcd.GetAsync(KeyOf(root, registration))).Kvs).Lease;

        await etcd.LeaseRevokeAsync(new LeaseRevokeRequest { ID = lease });
        var lost = await Assert.ThrowsAsync<RegistryException>(() => holding.WaitAsync(Ttl + TimeSpan.FromSeconds(1)));

        Assert.StartsWith($"etcd lease {lease:x} for /{root}/arith/tcp@127.0.0.1:9003 lost", lost.Message);
        Assert.Empty((await registry.ListAsync("arith", null, CancellationToken.None)).Instances);

        var (holdingAgain, registeredAgain) = Hold(registry, registration, stop.Token);
        await registeredAgain;
        var restored = Assert.Single((await etcd.GetAsync(KeyOf(root, registration))).Kvs);

        Assert.NotEqual(lease, restored.Lease);
        Assert.Equal(["tcp://127.0.0.1:9003"], Addresses(await registry.ListAsync("arith", null, CancellationToken.None)));
        await stop.CancelAsync();
        await holdingAgain;
        await registry.RemoveAsync(registration, CancellationToken.None);
    }

    [EtcdFact]
    public async Task A_waiting_listing_whose_revision_was_compacted_lists_again()
    {
        await using var registry = Open(server.UrlFor(root));
        var before = await registry.ListAsync("arith", null, CancellationToken.None);
        using var etcd = server.Client();
        await etcd.PutAsync($"/{root}/arith/tcp@127.0.0.1:9004", "{}");
        var last = await etcd.PutAsync($"/{root}/arith/tcp@127.0.0.1:9005", "{}");
        await etcd.CompactAsync(new CompactionRequest { Revision = last.Header.Revision, Physical = true });

        var after = await registry.ListAsync("arith", before, CancellationToken.None).WaitAsync(Soon);

        Assert.Equal(["tcp://127.0.0.1:9004", "tcp://127.0.0.1:9005"], Addresses(after));
        Assert.True(after.Version >= last.Header.Revision);
    }

    [EtcdFact]
    public async Task Keys_that_are_not_instances_are_skipped_naming_the_key_and_why()
    {
        await using var registry = Open(server.UrlFor(root));
        using var etcd = server.Client();
        await etcd.PutAsync($"/{root}/arith/garbage", "{}");
        await etcd.PutAsync($"/{root}/arith/tcp@127.0.0.1:1", "[1, 2]");
        await etcd.PutAsync($"/{root}/arith/tcp@127.0.0.1:2", "not json");
        await etcd.PutAsync($"/{root}/arith/tcp@127.0.0.1:3", """{"weight":"2"}""");
        await etcd.PutAsync(new PutRequest { Key = ByteString.CopyFromUtf8($"/{root}/arith/tcp@127.0.0.1:4"), Value = ByteString.Empty });

        var listing = await registry.ListAsync("arith", null, CancellationToken.None);

        Assert.Equal(["tcp://127.0.0.1:3", "tcp://127.0.0.1:4"], Addresses(listing));
        Assert.Equal("2", listing.Instances.Single(i => i.Address.EndsWith(":3", StringComparison.Ordinal)).Metadata[InstanceMetadataKeys.Weight]);
        var skipped = listing.Skipped.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        Assert.Equal([$"/{root}/arith/garbage", $"/{root}/arith/tcp@127.0.0.1:1", $"/{root}/arith/tcp@127.0.0.1:2"], skipped.Select(s => s.Name));
        Assert.Contains("network@address", skipped[0].Reason);
        Assert.Contains("not an object", skipped[1].Reason);
        Assert.Contains("not JSON", skipped[2].Reason);
    }

    [EtcdFact]
    public async Task A_url_without_a_path_keeps_the_keys_under_plugrpc()
    {
        await using var registry = Open($"etcd://{server.Endpoints}?ttl=2s");
        var registration = Registration(root, 9006);
        using var stop = new CancellationTokenSource();
        var (holding, registered) = Hold(registry, registration, stop.Token);
        await registered;
        using var etcd = server.Client();

        Assert.Single((await etcd.GetAsync($"/plugrpc/{root}/tcp@127.0.0.1:9006")).Kvs);

        await stop.CancelAsync();
        await holding;
        await registry.RemoveAsync(registration, CancellationToken.None);
        Assert.Empty((await etcd.GetAsync($"/plugrpc/{root}/tcp@127.0.0.1:9006")).Kvs);
    }
}
