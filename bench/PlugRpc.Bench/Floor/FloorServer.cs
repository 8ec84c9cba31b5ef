using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;

namespace PlugRpc.Bench.Floor;

/// <summary>
/// The raw-socket floor's server: answers every frame of a read batch, then flushes once, so replies to calls
/// that arrived together leave together. With <c>materialize</c> each echoed payload is first copied into a
/// byte[] of its own, as any deserializer must hand it to a service, and answered from that.
/// </summary>
internal static class FloorServer
{
    public static Task RunAsync(IPEndPoint endPoint, bool materialize, CancellationToken cancellationToken) =>
        Servers.AcceptLoop.RunAsync(endPoint, socket => _ = ServeAsync(socket, materialize), cancellationToken);

    private static async Task ServeAsync(Socket socket, bool materialize)
    {
        await using var stream = new NetworkStream(socket, ownsSocket: true);
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: FloorFrames.ReadBufferSize));
        var writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: FloorFrames.WriteSegmentSize));
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync();
                var buffer = result.Buffer;
                var answered = Answer(ref buffer, writer, materialize);
                reader.AdvanceTo(buffer.Start, buffer.End);
                if (answered)
                {
                    await writer.FlushAsync();
                }

                if (result.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (IOException)
        {
        }
    }

    private static bool Answer(ref ReadOnlySequence<byte> buffer, PipeWriter writer, bool materialize)
    {
        var answered = false;
        Span<byte> reply = stackalloc byte[8];
        Span<byte> numbers = stackalloc byte[16];
        while (FloorFrames.TryRead(ref buffer, out var id, out var kind, out var payload))
        {
            if (kind == FloorFrames.Add)
            {
                payload.CopyTo(numbers);
                BinaryPrimitives.WriteInt64BigEndian(reply, BinaryPrimitives.ReadInt64BigEndian(numbers) + BinaryPrimitives.ReadInt64BigEndian(numbers[8..]));
                FloorFrames.Write(writer, id, kind, reply);
            }
            else if (materialize)
            {
                FloorFrames.Write(writer, id, kind, payload.ToArray());
            }
            else
            {
                FloorFrames.Write(writer, id, kind, payload);
            }

            answered = true;
        }

        return answered;
    }
}
