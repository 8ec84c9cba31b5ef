using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PlugRpc.Bench.Contenders;
using PlugRpc.Bench.Floor;
using PlugRpc.Components;
using PlugRpc.Options;
using PlugRpc.Transport;

namespace PlugRpc.Bench.Servers;

/// <summary>Starts the server of one contender in this process and returns what stops it.</summary>
internal static class BenchServers
{
    public static async Task<Func<Task>> StartAsync(string kind, string address, CancellationToken cancellationToken)
    {
        switch (kind)
        {
            case "plugrpc":
                var container = PlugRpcRuntime.Build();
                var server = container.CreateRpcServer(new ServerOptions { MaxConcurrentCallsPerConnection = 10_000 });
                server.AddService(new BenchService());
                await server.ListenAsync(address, cancellationToken);
                return async () =>
                {
                    await server.DisposeAsync();
                    await container.DisposeAsync();
                };
            case "grpc":
                var builder = WebApplication.CreateSlimBuilder();
                builder.Logging.ClearProviders();
                builder.Services.AddGrpc(o => o.MaxReceiveMessageSize = 16 * 1024 * 1024);
                var uri = new Uri(address);
                builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, uri.Port, l => l.Protocols = HttpProtocols.Http2));
                var app = builder.Build();
                app.MapGrpcService<GrpcBenchService>();
                await app.StartAsync(cancellationToken);
                return () => app.StopAsync();
            case "floor" or "floor-bytes":
                var (host, port) = RpcAddress.Parse(address).GetHostAndPort();
                var floorStop = new CancellationTokenSource();
                _ = FloorServer.RunAsync(new IPEndPoint(IPAddress.Parse(host), port), materialize: kind == "floor-bytes", floorStop.Token);
                return () =>
                {
                    floorStop.Cancel();
                    return Task.CompletedTask;
                };
            case "streamjsonrpc":
                var sjr = RpcAddress.Parse(address).GetHostAndPort();
                var sjrStop = new CancellationTokenSource();
                _ = StreamJsonRpcServer.RunAsync(new IPEndPoint(IPAddress.Parse(sjr.Host), sjr.Port), sjrStop.Token);
                return () =>
                {
                    sjrStop.Cancel();
                    return Task.CompletedTask;
                };
            default:
                throw new ArgumentException($"unknown server kind '{kind}'");
        }
    }
}
