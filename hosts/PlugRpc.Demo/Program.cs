using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PlugRpc;
using PlugRpc.Client;
using PlugRpc.Hosting;
using PlugRpc.Options;
using PlugRpc.Samples.Arith;

// The demo: a service host and a client in one process, then three host processes found through the embedded
// file registry with a failover; every plugin loaded from plugins.json.
if (args is ["-h" or "--help" or "help", ..])
{
    Console.WriteLine("""
        usage: PlugRpc.Demo [plugins.json]
          a service host and a client in one process (calls, a proxy, 1000 concurrent calls, a heartbeat, errors), then
          three host processes found through the embedded file registry, one killed to show the failover; every plugin
          from the config (default: plugins.json). Exits 0 when every result is as expected, 1 otherwise, 2 on a config mistake.
        """);
    return 0;
}

if (args is ["--serve", var registry, var appKey, var hostConfig])
{
    return await PlugRpc.Demo.DemoHost.ServeAsync(registry, appKey, hostConfig);
}

var config = args.Length > 0 ? args[0] : "plugins.json";
IHost host;
try
{
    host = Host.CreateDefaultBuilder().UsePlugRpc(config, o => o.Addresses.Add("tcp://127.0.0.1:0")).Build();
    await host.StartAsync();
}
catch (Exception ex) when (StartupErrors.Describe(ex) is { } message)
{
    Console.Error.WriteLine($"demo: {message}");
    return 2;
}

var address = host.Services.GetRequiredService<RpcServerService>().ListenAddresses[0].ToString();

// The client is built on first use, so pointing its options at the port just bound still takes effect.
host.Services.GetRequiredService<ClientOptions>().Addresses = [address];
var client = host.Services.GetRequiredService<RpcClient>();
var failures = 0;

Console.WriteLine($"server listening on {address}; client calling it through the plugins in {config}");
Console.WriteLine();

var sum = await client.CallAsync<ArithRequest, ArithResponse>("ArithService.Add", new ArithRequest { A = 1, B = 2 });
Show("ArithService.Add(1, 2)", sum.Reply.ToString(), sum.Reply == 3);

var arith = client.CreateProxy<IArithService>();
var difference = (await arith.Minus(new ArithRequest { A = 10, B = 4 })).Reply;
Show("proxy Minus(10, 4)", difference.ToString(), difference == 6);
var product = (await arith.Mul(new ArithRequest { A = 6, B = 7 })).Reply;
Show("proxy Mul(6, 7)", product.ToString(), product == 42);
var quotient = (await arith.Divide(new ArithRequest { A = 10, B = 2 })).Reply;
Show("proxy Divide(10, 2)", quotient.ToString(), quotient == 5);

var watch = Stopwatch.StartNew();
var many = await Task.WhenAll(Enumerable.Range(0, 1000).Select(i => arith.Add(new ArithRequest { A = i, B = i })));
var allRight = many.Select((r, i) => r.Reply == 2L * i).All(ok => ok);
Show("1000 concurrent Add calls on one connection", $"{(allRight ? "all correct" : "WRONG")} in {watch.ElapsedMilliseconds} ms", allRight);

Show("heartbeat round trip", $"{(await client.PingAsync(address)).TotalMilliseconds:0.000} ms", true);

Console.WriteLine();
Console.WriteLine("errors come back at once, with the server's message:");
await ShowError("Divide(1, 0)", () => arith.Divide(new ArithRequest { A = 1, B = 0 }), RpcStatusCode.InvalidArgument);
await ShowError(
    "Add with token 'badtoken'",
    () => client.CallAsync<ArithRequest, ArithResponse>(
        "ArithService.Add",
        new ArithRequest { A = 1, B = 2 },
        new CallOptions { Metadata = new Metadata { [MetadataKeys.Auth] = "badtoken" } }),
    RpcStatusCode.Unauthenticated);
await ShowError("ArithService.Pow", () => client.CallAsync<ArithRequest, ArithResponse>("ArithService.Pow", new ArithRequest()), RpcStatusCode.NotFound);
await ShowError("NoSuch.Add", () => client.CallAsync<ArithRequest, ArithResponse>("NoSuch.Add", new ArithRequest()), RpcStatusCode.NotFound);

await client.DisposeAsync();
await host.StopAsync();
host.Dispose();
Console.WriteLine();
await PlugRpc.Demo.FleetDemo.RunAsync(Path.GetFullPath(config), Show);
Console.WriteLine();
Console.WriteLine(failures == 0 ? "demo finished: every result as expected" : $"demo finished with {failures} unexpected results");
return failures == 0 ? 0 : 1;

void Show(string what, string result, bool expected)
{
    failures += expected ? 0 : 1;
    Console.WriteLine($"  {what,-45} -> {result}");
}

async Task ShowError(string what, Func<Task> call, RpcStatusCode expected)
{
    try
    {
        await call();
        Show(what, "succeeded, but should have failed", false);
    }
    catch (RpcException ex)
    {
        Show(what, $"{ex.StatusCode}: {ex.Message}", ex.StatusCode == expected);
    }
}
