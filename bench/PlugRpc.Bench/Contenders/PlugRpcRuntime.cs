using Autofac;
using System.Text.Json;
using PlugRpc.Codec.MessagePack;
using PlugRpc.Codec.Protobuf;
using PlugRpc.Components;
using PlugRpc.Filters.CircuitBreaker;
using PlugRpc.Filters.RateLimit;
using PlugRpc.Plugins;
using PlugRpc.Selectors;
using PlugRpc.Transport.Tcp;
using PlugRpc.Transport.Uds;

namespace PlugRpc.Bench.Contenders;

/// <summary>The PlugRpc components the bench uses on both sides, as plain references.</summary>
internal static class PlugRpcRuntime
{
    public static IContainer Build()
    {
        var builder = new ContainerBuilder();
        builder.AddPlugRpcCore();
        builder.AddPlugin<MessagePackCodecPlugin>();
        builder.AddPlugin<ProtobufCodecPlugin>();
        builder.AddPlugin<TcpTransportPlugin>();
        builder.AddPlugin<UdsTransportPlugin>();
        builder.AddPlugin<SelectorsPlugin>();
        builder.AddPlugin<CircuitBreakerPlugin>();

        // Far above any load the bench makes: the limiter is paid for on every call, never waited on.
        builder.AddPlugin<RateLimitPlugin>(JsonDocument.Parse("""{ "permitsPerSecond": 100000000, "queue": 0 }""").RootElement);
        return builder.Build();
    }
}
