using PlugRpc.IntegrationSupport;
using PlugRpc.Transport;
using PlugRpc.Transport.Tcp;

namespace PlugRpc.Plugins.Tests;

public sealed class TcpTransportTests
{
    private readonly TcpTransport transport = new();

    [Fact]
    public async Task Bytes_flow_both_ways_over_a_real_socket_and_port_zero_reports_the_port()
    {
        await using var listener = await transport.ListenAsync(RpcAddress.Parse("tcp://127.0.0.1:0"), default);
        Assert.NotEqual("127.0.0.1:0", listener.LocalAddress.Target);

        var accepting = listener.AcceptAsync(default).AsTask();
        await using var client = await transport.ConnectAsync(listener.LocalAddress, default);
        await using var server = await accepting;
        await client.Stream.WriteAsync("ping"u8.ToArray());
        var received = new byte[4];
        await server.Stream.ReadExactlyAsync(received);
        await server.Stream.WriteAsync("pong"u8.ToArray());
        await client.Stream.ReadExactlyAsync(received);

        Assert.Equal("pong"u8.ToArray(), received);
        Assert.StartsWith("127.0.0.1:", server.RemoteEndPoint);
    }

    [Fact]
    public async Task A_refused_connect_is_unavailable_naming_the_address()
    {
        var address = RpcAddress.Parse($"tcp://127.0.0.1:{Ports.Free()}");

        var error = await Assert.ThrowsAsync<RpcException>(() => transport.ConnectAsync(address, default).AsTask());

        Assert.Equal(RpcStatusCode.Unavailable, error.StatusCode);
        Assert.StartsWith($"cannot connect to {address}:", error.Message);
    }

    [Fact]
    public async Task A_cancelled_connect_stops()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            transport.ConnectAsync(RpcAddress.Parse($"tcp://127.0.0.1:{Ports.Free()}"), cancelled.Token).AsTask());
    }

    [Fact]
    public async Task Accept_ends_once_the_listener_is_disposed()
    {
        var listener = await transport.ListenAsync(RpcAddress.Parse("tcp://127.0.0.1:0"), default);
        var accepting = listener.AcceptAsync(default).AsTask();

        await listener.DisposeAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => accepting.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Listening_on_a_taken_port_is_a_clear_error()
    {
        await using var first = await transport.ListenAsync(RpcAddress.Parse("tcp://127.0.0.1:0"), default);

        var error = await Assert.ThrowsAsync<RpcException>(() => transport.ListenAsync(first.LocalAddress, default).AsTask());

        Assert.StartsWith($"cannot listen on {first.LocalAddress}:", error.Message);
    }
}
