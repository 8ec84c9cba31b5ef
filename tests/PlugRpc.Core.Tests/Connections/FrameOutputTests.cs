using System.Buffers;
using PlugRpc.Buffers;
using PlugRpc.Connections;
using PlugRpc.Transport;

namespace PlugRpc.Core.Tests.Connections;

public sealed class FrameOutputTests
{
    private static readonly byte[] First = Bytes(40_000, 1);
    private static readonly byte[] Second = Bytes(70_000, 2);

    [Fact]
    public async Task Large_bodies_kept_for_the_flush_leave_in_order_in_one_gathered_write_and_are_released_after()
    {
        var transport = new GatheringTransport();
        var output = new FrameOutput(transport);
        var owners = new[] { new Owner(), new Owner() };

        Write(output, "head1");
        output.AddBody(Segmented(First), owners[0]);
        Write(output, "small");
        Write(output, "head2");
        output.AddBody(Segmented(Second), owners[1]);
        Write(output, "tail");
        Assert.Equal(First.Length + Second.Length, output.PendingBodyBytes);
        Assert.DoesNotContain(owners, o => o.Disposed);
        await output.FlushAsync(default);

        Assert.Equal(1, transport.GatheredWrites);
        Assert.Equal(Expected(), transport.Sent.ToArray());
        Assert.All(owners, o => Assert.True(o.Disposed));
        Assert.Equal(0, output.PendingBodyBytes);
    }

    [Fact]
    public async Task Without_gathering_the_same_bytes_go_through_the_stream()
    {
        var transport = new RecordingTransport();
        var output = new FrameOutput(transport);
        var owner = new Owner();

        Write(output, "head1");
        output.AddBody(Segmented(First), null);
        Write(output, "small");
        Write(output, "head2");
        output.AddBody(Segmented(Second), owner);
        Write(output, "tail");
        await output.FlushAsync(default);

        Assert.Equal(Expected(), transport.Sent.ToArray());
        Assert.True(owner.Disposed);
    }

    [Fact]
    public async Task A_failed_send_still_releases_the_kept_bodies()
    {
        var transport = new GatheringTransport { Fails = true };
        var output = new FrameOutput(transport);
        var owner = new Owner();
        Write(output, "head");
        output.AddBody(Segmented(First), owner);

        await Assert.ThrowsAsync<IOException>(() => output.FlushAsync(default).AsTask());

        Assert.True(owner.Disposed);
        Assert.Equal(0, output.PendingBodyBytes);
    }

    private static byte[] Expected() =>
        [.. "head1"u8, .. First, .. "small"u8, .. "head2"u8, .. Second, .. "tail"u8];

    private static void Write(FrameOutput output, string text) => output.Write(System.Text.Encoding.ASCII.GetBytes(text));

    private static byte[] Bytes(int length, int seed) => Enumerable.Range(0, length).Select(i => (byte)(i * seed)).ToArray();

    /// <summary>The body as a pooled writer holds it: several arrays.</summary>
    private static ReadOnlySequence<byte> Segmented(byte[] body)
    {
        var writer = new PooledBufferWriter();
        writer.Write(new ReadOnlySequence<byte>(body));
        return writer.WrittenSequence;
    }

    private sealed class Owner : IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }

    /// <summary>A transport that cannot gather (as TLS): everything goes through the stream.</summary>
    private class RecordingTransport : ITransportConnection
    {
        public MemoryStream Sent { get; } = new();

        public virtual Stream Stream => Sent;

        public string RemoteEndPoint => "test";

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class GatheringTransport : RecordingTransport, IGatheringConnection
    {
        public int GatheredWrites { get; private set; }

        public bool Fails { get; init; }

        /// <summary>Not to be written when the whole flush can be gathered.</summary>
        public override Stream Stream => throw new InvalidOperationException("written through the stream");

        public ValueTask WriteAsync(IList<ArraySegment<byte>> buffers)
        {
            if (Fails)
            {
                throw new IOException("broken");
            }

            GatheredWrites++;
            foreach (var buffer in buffers)
            {
                Sent.Write(buffer);
            }

            return ValueTask.CompletedTask;
        }
    }
}
