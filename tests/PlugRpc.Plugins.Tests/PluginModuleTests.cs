using System.Text.Json;
using Autofac;
using PlugRpc.Client;
using PlugRpc.Codec.MessagePack;
using PlugRpc.Codecs;
using PlugRpc.Components;
using PlugRpc.Filters;
using PlugRpc.Filters.Auth;
using PlugRpc.Transport;
using PlugRpc.Transport.Tcp;

namespace PlugRpc.Plugins.Tests;

/// <summary>Each plugin's entry point registers its implementations under their names, and checks its settings.</summary>
public sealed class PluginModuleTests
{
    [Fact]
    public void Each_plugin_registers_under_its_name()
    {
        using var container = Build(b =>
        {
            b.AddPlugin<MessagePackCodecPlugin>();
            b.AddPlugin<TcpTransportPlugin>(Json("""{"noDelay": false, "backlog": 16}"""));
            b.AddPlugin<AuthPlugin>(Json("""{"tokens": ["t1"], "token": "t1"}"""));
        });

        var codec = Assert.IsType<MessagePackCodec>(Assert.Single(container.Resolve<IEnumerable<ICodec>>()));
        Assert.Equal("msgpack", codec.Name);
        Assert.Equal(["tcp", "tls"], container.Resolve<IEnumerable<ITransport>>().Select(t => t.Scheme).Order());
        Assert.IsType<AuthServerFilter>(container.CreateServerFilter("auth"));
        Assert.IsType<AuthClientFilter>(container.CreateClientFilter("auth"));
    }

    [Theory]
    [InlineData("""{"backlog": 0}""", "tcp: settings.backlog must be at least 1, not 0")]
    [InlineData("""{"sendBufferSize": -1}""", "tcp: settings.sendBufferSize and receiveBufferSize must not be negative")]
    [InlineData("""{"noDelay": "yes"}""", "settings.noDelay must be true or false")]
    [InlineData("""{"nodelay": true, "backlg": 4}""", "unknown key settings.backlg (valid: backlog, keepAlive, noDelay, receiveBufferSize, sendBufferSize, tls)")]
    public void Bad_tcp_settings_are_named(string settings, string expected)
    {
        var error = Assert.Throws<PluginLoadException>(() => Build(b => b.AddPlugin<TcpTransportPlugin>(Json(settings))));

        Assert.Contains(expected, error.Message);
        Assert.Contains("TcpTransportPlugin", error.Message);
    }

    [Fact]
    public void An_auth_server_filter_without_tokens_says_so_when_asked_for()
    {
        using var container = Build(b => b.AddPlugin<AuthPlugin>(Json("""{"token": "t1"}""")));

        var error = Assert.ThrowsAny<Exception>(() => container.CreateServerFilter("auth"));

        Assert.Contains("auth: settings.tokens is empty", error.InnerException?.Message ?? error.Message);
        Assert.IsType<AuthClientFilter>(container.CreateClientFilter("auth"));
    }

    [Fact]
    public async Task The_auth_client_filter_adds_its_token_but_keeps_one_the_call_carries()
    {
        var filter = new AuthClientFilter("mine");
        var plain = new ProbeCall(new Metadata());
        var carrying = new ProbeCall(new Metadata { [MetadataKeys.Auth] = "theirs" });

        await filter.InvokeAsync(plain, _ => ValueTask.CompletedTask);
        await filter.InvokeAsync(carrying, _ => ValueTask.CompletedTask);

        Assert.Equal("mine", plain.Metadata[MetadataKeys.Auth]);
        Assert.Equal("theirs", carrying.Metadata[MetadataKeys.Auth]);
    }

    private static IContainer Build(Action<ContainerBuilder> configure)
    {
        var builder = new ContainerBuilder();
        configure(builder);
        return builder.Build();
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    private sealed class ProbeCall(Metadata metadata) : ClientCallContext("S", "M", metadata, CallOptions.Default, default)
    {
        public override object? RequestObject => null;

        public override object? ResponseObject => null;

        public override void WriteRequest(ICodec codec, System.Buffers.IBufferWriter<byte> output)
        {
        }

        public override void ReadResponse(ICodec codec, in System.Buffers.ReadOnlySequence<byte> body)
        {
        }
    }
}
