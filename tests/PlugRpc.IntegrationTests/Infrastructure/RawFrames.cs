using System.Buffers;
using System.Net.Sockets;
using PlugRpc.Protocol;

namespace PlugRpc.IntegrationTests.Infrastructure;

/// <summary>Reads and writes go-rpc frames on a plain socket, for tests that play the other end by hand.</summary>
internal static class RawFrames
{
    private static readonly GoRpcFrameProtocol Protocol = new();

    public static string VectorPath(string name) => Path.Combine(RepoPaths.Root, "tests", "PlugRpc.Core.Tests", "Vectors", "gorpc", name + ".bin");

    public static byte[] Vector(string name) => File.ReadAllBytes(VectorPath(name));

    public static (MessageHeader Header, byte[] Body) Decode(byte[] frame)
    {
        var buffer = new ReadOnlySequence<byte>(frame);
        Assert.True(Protocol.TryReadFrame(ref buffer, FrameLimits.Default, out var header, out var body), "not a whole frame");
        Assert.True(buffer.IsEmpty, "bytes left after the frame");
        return (header, body.ToArray());
    }

    public static byte[] Encode(MessageHeader header, byte[] body)
    {
        var output = new ArrayBufferWriter<byte>();
        Protocol.WriteFrame(output, header, new ReadOnlySequence<byte>(body));
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Reads exactly one frame from <paramref name="stream"/>, or null if the peer closed first.</summary>
    public static async Task<byte[]?> ReadFrameAsync(Stream stream, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        var fixedPart = new byte[7];
        if (!await ReadExactlyOrEndAsync(stream, fixedPart, cancellation.Token))
        {
            return null;
        }

        var total = (fixedPart[3] << 24) | (fixedPart[4] << 16) | (fixedPart[5] << 8) | fixedPart[6];
        var frame = new byte[7 + total];
        fixedPart.CopyTo(frame, 0);
        await stream.ReadExactlyAsync(frame.AsMemory(7), cancellation.Token);
        return frame;
    }

    /// <summary>True when the peer closes the connection within <paramref name="timeout"/> (reads until end of stream).</summary>
    public static async Task<bool> PeerClosesAsync(Stream stream, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        var scratch = new byte[4096];
        try
        {
            while (await stream.ReadAsync(scratch, cancellation.Token) > 0)
            {
            }

            return true;
        }
        catch (IOException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public static async Task<TcpClient> ConnectAsync(string address)
    {
        var (host, port) = PlugRpc.Transport.RpcAddress.Parse(address).GetHostAndPort();
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(host, port);
        return client;
    }

    private static async Task<bool> ReadExactlyOrEndAsync(Stream stream, byte[] buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }
}
