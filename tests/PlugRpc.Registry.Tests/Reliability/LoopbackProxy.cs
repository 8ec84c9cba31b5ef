using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace PlugRpc.Registry.Tests.Reliability;

/// <summary>
/// A TCP proxy on a loopback port in front of one target port: each connection accepted is joined to a new one to
/// the target, and bytes pass both ways, each chunk held for <see cref="Delay"/> (a delay line: later chunks are
/// read meanwhile). On a test's word it cuts every connection it carries (FIN both ways) or resets them (RST).
/// </summary>
internal sealed class LoopbackProxy : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly int targetPort;
    private readonly Lock gate = new();
    private readonly List<Link> links = [];
    private readonly CancellationTokenSource stop = new();
    private readonly Task accepting;
    private long delayTicks;

    private LoopbackProxy(int targetPort)
    {
        this.targetPort = targetPort;
        listener.Start();
        accepting = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>The address clients are to call, e.g. advertised by the target host.</summary>
    public string Address => $"tcp://127.0.0.1:{Port}";

    /// <summary>How long each chunk waits before it is passed on, either way; zero passes it at once.</summary>
    public TimeSpan Delay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref delayTicks));
        set => Interlocked.Exchange(ref delayTicks, value.Ticks);
    }

    /// <summary>Connections accepted so far.</summary>
    public int Accepted { get; private set; }

    /// <summary>Listens on a free loopback port, passing what it accepts to 127.0.0.1:<paramref name="targetPort"/>.</summary>
    public static LoopbackProxy Start(int targetPort) => new(targetPort);

    /// <summary>Closes every connection carried now, both sides, in order (FIN); returns how many there were.</summary>
    public int Cut() => CloseAll(reset: false);

    /// <summary>Resets every connection carried now, both sides (RST: linger zero); returns how many there were.</summary>
    public int Reset() => CloseAll(reset: true);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        try
        {
            await accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        CloseAll(reset: true);
        stop.Dispose();
    }

    private int CloseAll(bool reset)
    {
        Link[] carried;
        lock (gate)
        {
            carried = [.. links];
            links.Clear();
        }

        foreach (var link in carried)
        {
            link.Close(reset);
        }

        return carried.Length;
    }

    private async Task AcceptLoopAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            var client = await listener.AcceptSocketAsync(stop.Token);
            _ = JoinAsync(client);
        }
    }

    private async Task JoinAsync(Socket client)
    {
        var target = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.NoDelay = true;
        try
        {
            await target.ConnectAsync(IPAddress.Loopback, targetPort, stop.Token);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            // Nothing listens behind the proxy: the client sees its connection reset, as with a dead host.
            new Link(client, target).Close(reset: true);
            return;
        }

        var link = new Link(client, target);
        lock (gate)
        {
            Accepted++;
            links.Add(link);
        }

        await Task.WhenAll(PumpAsync(link, client, target), PumpAsync(link, target, client));
        lock (gate)
        {
            links.Remove(link);
        }

        link.Close(reset: false);
    }

    /// <summary>Reads chunks from <paramref name="from"/> and writes each to <paramref name="to"/> once its delay is over.</summary>
    private async Task PumpAsync(Link link, Socket from, Socket to)
    {
        var line = Channel.CreateUnbounded<(byte[] Chunk, long Due)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var writing = WriteDueAsync(line.Reader, to);
        try
        {
            var buffer = new byte[64 * 1024];
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None);
                if (read == 0)
                {
                    break;
                }

                line.Writer.TryWrite((buffer[..read], Environment.TickCount64 + (long)Delay.TotalMilliseconds));
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            link.Close(reset: true);
        }

        line.Writer.TryComplete();
        await writing;
    }

    private static async Task WriteDueAsync(ChannelReader<(byte[] Chunk, long Due)> line, Socket to)
    {
        try
        {
            await foreach (var (chunk, due) in line.ReadAllAsync())
            {
                var wait = due - Environment.TickCount64;
                if (wait > 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(wait));
                }

                await to.SendAsync(chunk, SocketFlags.None);
            }

            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // The link was cut or reset meanwhile: what was still on its way is lost, as on a broken network.
        }
    }

    /// <summary>The two sockets of one proxied connection, closed once.</summary>
    private sealed class Link(Socket client, Socket target)
    {
        private int closed;

        public void Close(bool reset)
        {
            if (Interlocked.Exchange(ref closed, 1) != 0)
            {
                return;
            }

            foreach (var socket in new[] { client, target })
            {
                try
                {
                    if (reset)
                    {
                        socket.LingerState = new LingerOption(true, 0);
                    }
                    else if (socket.Connected)
                    {
                        socket.Shutdown(SocketShutdown.Both);
                    }
                }
                catch (SocketException)
                {
                }

                socket.Close();
            }
        }
    }
}
