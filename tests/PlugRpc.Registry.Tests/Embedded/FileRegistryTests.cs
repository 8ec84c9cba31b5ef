using PlugRpc.IntegrationTests.Infrastructure;
using PlugRpc.Registry.Tests.Infrastructure;

namespace PlugRpc.Registry.Tests.Embedded;

/// <summary>file:///folder across processes: PlugRpc.Host processes register, in-process clients and the CLI find them.</summary>
public sealed class FileRegistryTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Hosts_register_in_the_folder_and_a_client_calls_each_of_them()
    {
        using var folder = new TempFolder();
        var registry = $"file://{folder.Path}/registry?ttl=1s";
        await using var first = await RegistryHost.StartAsync(registry, "arith", folder.Path, "--tag", "idc=lf");
        await using var second = await RegistryHost.StartAsync(registry, "arith", folder.Path);
        await using var bed = new RegistryBed();
        var client = bed.CreateClient(registry, "arith");

        var replies = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => RegistryBed.AddAsync(client, i, 1)));

        Assert.Equal(Enumerable.Range(1, 20), replies.Select(r => (int)r.Reply));
        Assert.Equal(new[] { first.Address, second.Address }.Order(), client.Instances.Select(i => i.Address).Order());
        Assert.Equal("""{"idc":"lf"}""", client.Instances.Single(i => i.Address == first.Address).Instance.Metadata["tags"]);
        Assert.True(File.Exists(Path.Combine(folder.Path, "registry", "arith", Uri.EscapeDataString("tcp@" + first.Address["tcp://".Length..]) + ".json")));
    }

    [Fact]
    public async Task A_host_killed_with_sigkill_leaves_the_view_within_its_ttl_plus_a_second()
    {
        using var folder = new TempFolder();
        var registry = $"file://{folder.Path}/registry?ttl=1s";
        await using var staying = await RegistryHost.StartAsync(registry, "arith", folder.Path);
        await using var killed = await RegistryHost.StartAsync(registry, "arith", folder.Path);
        await using var bed = new RegistryBed();
        var client = bed.CreateClient(registry, "arith");
        await Eventually.TrueAsync(() => client.Instances.Count == 2, "both hosts in the view");

        killed.Kill();
        var killedAt = DateTime.UtcNow;
        await Eventually.TrueAsync(() => client.Instances.Count == 1, "the killed host gone from the view");

        var took = DateTime.UtcNow - killedAt;
        Assert.True(took < Ttl + TimeSpan.FromSeconds(1), $"left after {took.TotalMilliseconds:0} ms");
        Assert.Equal(staying.Address, client.Instances.Single().Address);
    }

    [Fact]
    public async Task A_malformed_file_is_skipped_with_one_warning_naming_it()
    {
        using var folder = new TempFolder();
        var registry = $"file://{folder.Path}/registry";
        var appFolder = Directory.CreateDirectory(Path.Combine(folder.Path, "registry", "arith")).FullName;
        var garbage = Path.Combine(appFolder, "not-an-instance.json");
        await File.WriteAllTextAsync(garbage, "{}");
        var badJson = Path.Combine(appFolder, Uri.EscapeDataString("tcp@127.0.0.1:1") + ".json");
        await File.WriteAllTextAsync(badJson, "{ not json");
        await using var bed = new RegistryBed();
        var server = await bed.StartServerAsync(registry, "arith");
        var client = bed.CreateClient(registry, "arith");

        await RegistryBed.AddAsync(client, 1, 1);
        await Task.Delay(600);

        Assert.Equal(server.ListenAddresses[0].ToString(), Assert.Single(client.Instances).Address);
        Assert.Single(bed.Logs.Lines, l => l.StartsWith("Warning") && l.Contains(garbage) && l.Contains("network@address"));
        Assert.Single(bed.Logs.Lines, l => l.StartsWith("Warning") && l.Contains(badJson) && l.Contains("not JSON"));
    }

    [Fact]
    public async Task The_cli_lists_each_instance_with_its_metadata_and_state_and_calls_through_the_registry()
    {
        using var folder = new TempFolder();
        var registry = $"file://{folder.Path}/registry";
        await using var host = await RegistryHost.StartAsync(registry, "arith", folder.Path, "--tag", "idc=lf", "--weight", "3");
        var config = RegistryHost.WriteConfig(folder.Path);

        var list = await ProcessRun.RunAsync(RepoPaths.HostDll("PlugRpc.Cli"), ["list", "--registry", registry, "--app", "arith", "--config", config], TimeSpan.FromSeconds(30));
        var call = await ProcessRun.RunAsync(RepoPaths.HostDll("PlugRpc.Cli"), ["call", "ArithService.Add", """{"A":2,"B":5}""", "--registry", registry, "--app", "arith", "--config", config], TimeSpan.FromSeconds(30));

        Assert.Equal(0, list.ExitCode);
        var line = Assert.Single(list.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith(host.Address + " {", line);
        Assert.Contains("\"weight\":\"3\"", line);
        Assert.Contains("idc", line);
        Assert.EndsWith(" healthy", line.TrimEnd());
        Assert.Equal(0, call.ExitCode);
        Assert.Contains("7", call.Stdout);
    }

    [Fact]
    public async Task The_cli_bench_and_ping_reach_every_host_of_the_registry()
    {
        using var folder = new TempFolder();
        var registry = $"file://{folder.Path}/registry";
        await using var first = await RegistryHost.StartAsync(registry, "arith", folder.Path);
        await using var second = await RegistryHost.StartAsync(registry, "arith", folder.Path);
        var config = RegistryHost.WriteConfig(folder.Path);

        var bench = await ProcessRun.RunAsync(
            RepoPaths.HostDll("PlugRpc.Cli"),
            ["bench", "ArithService.Add", """{"A":2,"B":5}""", "--registry", registry, "--app", "arith", "--duration", "1s", "--concurrency", "8", "--json", "--config", config],
            TimeSpan.FromSeconds(30));
        var ping = await ProcessRun.RunAsync(RepoPaths.HostDll("PlugRpc.Cli"), ["ping", "--registry", registry, "--app", "arith", "--config", config], TimeSpan.FromSeconds(30));

        Assert.True(bench.ExitCode == 0, bench.Stdout + bench.Stderr);
        using var report = System.Text.Json.JsonDocument.Parse(bench.Stdout);
        var perInstance = report.RootElement.GetProperty("perInstance");
        Assert.True(perInstance.GetProperty(first.Address).GetInt64() > 0, bench.Stdout);
        Assert.True(perInstance.GetProperty(second.Address).GetInt64() > 0, bench.Stdout);
        Assert.Equal(0, report.RootElement.GetProperty("wrong").GetInt64());
        Assert.Equal(0, ping.ExitCode);
        Assert.Contains($"heartbeat from {first.Address}", ping.Stdout);
        Assert.Contains($"heartbeat from {second.Address}", ping.Stdout);
    }

    [Fact]
    public async Task The_cli_watch_prints_a_host_joining_and_leaving()
    {
        using var folder = new TempFolder();
        var registry = $"file://{folder.Path}/registry?ttl=1s";
        var config = RegistryHost.WriteConfig(folder.Path);
        await using var watch = ProcessRun.Start(RepoPaths.HostDll("PlugRpc.Cli"), ["watch", "--registry", registry, "--app", "arith", "--config", config]);
        await watch.WaitForOutputAsync("watching app key 'arith'", TimeSpan.FromSeconds(30));

        await using var host = await RegistryHost.StartAsync(registry, "arith", folder.Path);
        await watch.WaitForOutputAsync($"+ {host.Address} ", TimeSpan.FromSeconds(5));
        await host.StopAsync();
        await watch.WaitForOutputAsync($"- {host.Address}", TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task The_cli_list_of_an_app_key_with_no_instances_says_none_is_registered()
    {
        using var folder = new TempFolder();
        var registry = $"file://{folder.Path}/registry";
        var config = RegistryHost.WriteConfig(folder.Path);

        var list = await ProcessRun.RunAsync(RepoPaths.HostDll("PlugRpc.Cli"), ["list", "--registry", registry, "--app", "nobody", "--config", config], TimeSpan.FromSeconds(30));
        var call = await ProcessRun.RunAsync(RepoPaths.HostDll("PlugRpc.Cli"), ["call", "ArithService.Add", """{"A":2,"B":5}""", "--registry", registry, "--app", "nobody", "--config", config], TimeSpan.FromSeconds(30));

        Assert.Equal(0, list.ExitCode);
        Assert.Equal(string.Empty, list.Stdout.Trim());
        Assert.Contains("no server is registered under app key 'nobody'", list.Stderr);
        Assert.Equal(1, call.ExitCode);
        Assert.Contains("Unavailable", call.Stderr);
        Assert.Contains("no server is registered under app key 'nobody'", call.Stderr);
        Assert.Single(call.Stderr.Trim().Split('\n'));
    }
}
