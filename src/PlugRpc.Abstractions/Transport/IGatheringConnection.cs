namespace PlugRpc.Transport;

/// <summary>
/// A transport connection that can send several buffers with one system call. The core uses it for frames with
/// large bodies, so that head and body reach the peer together. Transports without it work the same, with one
/// write more per such frame.
/// </summary>
public interface IGatheringConnection : ITransportConnection
{
    /// <summary>
    /// Sends all of <paramref name="buffers"/>, in order, after anything written to <see cref="ITransportConnection.Stream"/>
    /// before. Never called while a write to the stream is under way; fails once the connection is closed.
    /// </summary>
    ValueTask WriteAsync(IList<ArraySegment<byte>> buffers);
}
