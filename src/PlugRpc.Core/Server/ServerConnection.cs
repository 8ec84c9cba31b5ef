using System.Buffers;
using Microsoft.Extensions.Logging;
using PlugRpc.Buffers;
using PlugRpc.Connections;
using PlugRpc.Protocol;

namespace PlugRpc.Server;

/// <summary>One client's connection to the server: requests in, responses out, heartbeats echoed.</summary>
internal sealed class ServerConnection : IFrameHandler
{
    private static readonly ReadOnlySequence<byte> HeartbeatBody = new([0xa0]);
    private readonly FrameConnection frames;
    private readonly RequestDispatcher dispatcher;
    private readonly InFlightCounter inFlight;
    private readonly ILogger logger;
    private readonly Action<ServerConnection> onClosed;

    public ServerConnection(FrameConnection frames, RequestDispatcher dispatcher, InFlightCounter inFlight, ILogger logger, Action<ServerConnection> onClosed)
    {
        this.frames = frames;
        this.dispatcher = dispatcher;
        this.inFlight = inFlight;
        this.logger = logger;
        this.onClosed = onClosed;
    }

    public FrameConnection Frames => frames;

    public Task RunAsync() => frames.RunReceiveLoopAsync(this);

    public void OnFrame(MessageHeader header, in ReadOnlySequence<byte> body)
    {
        switch (header.MessageType)
        {
            case MessageType.Request:
                var copy = new PooledBufferWriter((int)body.Length);
                copy.Write(body);
                inFlight.Enter();
                _ = ServeAsync(header, copy);
                break;
            case MessageType.Heartbeat:
                _ = EchoHeartbeatAsync(header);
                break;
            default:
                throw new ProtocolException($"a client sent a {header.MessageType} frame (seq {header.Seq}); only requests and heartbeats are expected");
        }
    }

    public void OnClosed(Exception? reason)
    {
        if (reason is not null and not ProtocolException)
        {
            logger.LogDebug("connection from {RemoteEndPoint} closed: {Reason}", frames.RemoteEndPoint, reason.Message);
        }

        onClosed(this);
    }

    private async Task ServeAsync(MessageHeader header, PooledBufferWriter body)
    {
        try
        {
            await dispatcher.HandleAsync(frames, header, body).ConfigureAwait(false);
        }
        finally
        {
            inFlight.Exit();
        }
    }

    private async Task EchoHeartbeatAsync(MessageHeader request)
    {
        var response = new MessageHeader
        {
            Seq = request.Seq,
            MessageType = MessageType.Heartbeat,
            SerializeType = request.SerializeType,
            CompressType = CompressTypes.None,
        };
        try
        {
            await frames.SendAsync(response, HeartbeatBody, CancellationToken.None).ConfigureAwait(false);
        }
        catch (RpcException ex)
        {
            logger.LogDebug("heartbeat answer to {RemoteEndPoint} not sent: {Reason}", frames.RemoteEndPoint, ex.Message);
        }
    }
}
