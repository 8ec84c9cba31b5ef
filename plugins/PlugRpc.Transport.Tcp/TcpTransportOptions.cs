namespace PlugRpc.Transport.Tcp;

/// <summary>The TCP plugin's settings in plugins.json.</summary>
public sealed class TcpTransportOptions
{
    /// <summary>Send small frames at once instead of waiting to coalesce them in the kernel (Nagle off).</summary>
    public bool NoDelay { get; set; } = true;

    /// <summary>Let the kernel probe idle connections so dead peers are noticed.</summary>
    public bool KeepAlive { get; set; } = true;

    /// <summary>Socket send buffer in bytes; 0 keeps the system default.</summary>
    public int SendBufferSize { get; set; }

    /// <summary>Socket receive buffer in bytes; 0 keeps the system default.</summary>
    public int ReceiveBufferSize { get; set; }

    /// <summary>TLS for <c>tls://</c> addresses; without it only <c>tcp://</c> is served.</summary>
    public TlsOptions? Tls { get; set; }

    /// <summary>Pending connections the kernel queues before accepting.</summary>
    public int Backlog { get; set; } = 512;

    public void Validate()
    {
        if (SendBufferSize < 0 || ReceiveBufferSize < 0)
        {
            throw new Plugins.PluginSettingsException("tcp: settings.sendBufferSize and receiveBufferSize must not be negative");
        }

        Plugins.PluginSettingsException.ThrowIfBelow("tcp", "backlog", Backlog, 1);
    }

    internal void Apply(System.Net.Sockets.Socket socket)
    {
        socket.NoDelay = NoDelay;
        socket.SetSocketOption(System.Net.Sockets.SocketOptionLevel.Socket, System.Net.Sockets.SocketOptionName.KeepAlive, KeepAlive);
        if (SendBufferSize > 0)
        {
            socket.SendBufferSize = SendBufferSize;
        }

        if (ReceiveBufferSize > 0)
        {
            socket.ReceiveBufferSize = ReceiveBufferSize;
        }
    }
}
