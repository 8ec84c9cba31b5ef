using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PlugRpc.Plugins.Tests.Telemetry;

/// <summary>
/// An HTTP endpoint on loopback that takes whatever an exporter posts (OTLP over HTTP, Zipkin's JSON) and keeps each
/// request's path and body; it answers 200 with an empty body.
/// </summary>
internal sealed class FakeCollector : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentQueue<(string Path, byte[] Body)> received = new();
    private readonly Task serving;

    public FakeCollector()
    {
        Port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        listener.Start();
        serving = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>Whether a request to <paramref name="path"/> had <paramref name="text"/> in its body (protobuf keeps strings as UTF-8).</summary>
    public bool Received(string path, string text)
    {
        var wanted = Encoding.UTF8.GetBytes(text);
        return received.Any(r => r.Path == path && r.Body.AsSpan().IndexOf(wanted) >= 0);
    }

    public IReadOnlyList<string> Paths => [.. received.Select(r => r.Path)];

    public void Dispose()
    {
        listener.Close();
        try
        {
            serving.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            received.Enqueue((context.Request.Url!.AbsolutePath, body.ToArray()));
            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }
}
