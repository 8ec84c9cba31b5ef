namespace PlugRpc.Transport;

/// <summary>One open byte stream to a peer. Disposing it closes the stream.</summary>
public interface ITransportConnection : IAsyncDisposable
{
    Stream Stream { get; }

    /// <summary>The peer, for logs and for filters (e.g. "127.0.0.1:53211").</summary>
    string RemoteEndPoint { get; }
}
