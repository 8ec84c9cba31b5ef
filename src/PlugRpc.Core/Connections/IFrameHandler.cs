using System.Buffers;
using PlugRpc.Protocol;

namespace PlugRpc.Connections;

/// <summary>What a <see cref="FrameConnection"/> hands each frame it reads to.</summary>
internal interface IFrameHandler
{
    /// <summary>Called on the read loop. <paramref name="body"/> is only valid during the call: copy what is kept.</summary>
    void OnFrame(MessageHeader header, in ReadOnlySequence<byte> body);

    /// <summary>A header the read loop may decode the next frame into (asked again for every frame); null for a new one each time.</summary>
    MessageHeader? ReusableHeader { get; }

    /// <summary>
    /// Completes when the handler can take another frame; until then the connection reads nothing more, so a peer
    /// that sends faster than it is served is slowed by TCP flow control instead of filling memory.
    /// </summary>
    ValueTask WaitForCapacityAsync();

    /// <summary>Called on the read loop after the frames of one read have been handed over.</summary>
    void OnBatchEnd();

    /// <summary>Called once when the connection has closed, with why (null for an orderly close).</summary>
    void OnClosed(Exception? reason);
}
