using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading.Channels;

namespace PlugRpc.Bench.Floor;

/// <summary>
/// The floor's client connection: calls queue their frames, one writer loop drains the queue into the socket
/// with one flush per batch, one reader loop completes calls by id. Completions run their continuations off the
/// reader loop, as any framework must (a caller's code never runs on its I/O loop). With <c>materialize</c> each
/// echoed payload that comes back is copied into a byte[] of its own, as a deserializer must hand it to the caller.
/// </summary>
internal sealed class FloorConnection : IAsyncDisposable
{
    private readonly Socket socket;
    private readonly NetworkStream stream;
    private readonly Channel<(uint Id, byte Kind, byte[] Payload)> outgoing = Channel.CreateUnbounded<(uint, byte, byte[])>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<uint, TaskCompletionSource> pending = new();
    private readonly Task writing;
    private readonly Task reading;
    private readonly bool materialize;
    private int nextId;

    private FloorConnection(Socket socket, bool materialize)
    {
        this.socket = socket;
        this.materialize = materialize;
        stream = new NetworkStream(socket, ownsSocket: true);
        writing = WriteLoopAsync();
        reading = ReadLoopAsync();
    }

    public static async Task<FloorConnection> ConnectAsync(string host, int port, bool materialize)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(host, port);
        return new FloorConnection(socket, materialize);
    }

    public Task CallAsync(byte kind, byte[] payload)
    {
        var id = (uint)Interlocked.Increment(ref nextId);
        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pending[id] = completion;
        outgoing.Writer.TryWrite((id, kind, payload));
        return completion.Task;
    }

    public async ValueTask DisposeAsync()
    {
        outgoing.Writer.TryComplete();
        socket.Shutdown(SocketShutdown.Both);
        await stream.DisposeAsync();
        await Task.WhenAll(writing, reading).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task WriteLoopAsync()
    {
        var writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: FloorFrames.WriteSegmentSize));
        var reader = outgoing.Reader;
        while (await reader.WaitToReadAsync())
        {
            while (reader.TryRead(out var call))
            {
                FloorFrames.Write(writer, call.Id, call.Kind, call.Payload);
            }

            await writer.FlushAsync();
        }
    }

    private async Task ReadLoopAsync()
    {
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: FloorFrames.ReadBufferSize));
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync();
                var buffer = result.Buffer;
                while (FloorFrames.TryRead(ref buffer, out var id, out var kind, out var payload))
                {
                    if (materialize && kind == FloorFrames.Echo)
                    {
                        // Handed on, as a deserialized message is to its caller; never optimized away.
                        GC.KeepAlive(payload.ToArray());
                    }

                    if (pending.TryRemove(id, out var completion))
                    {
                        completion.TrySetResult();
                    }
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
        }
    }
}
