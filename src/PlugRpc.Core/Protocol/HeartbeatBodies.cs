using System.Buffers;

namespace PlugRpc.Protocol;

/// <summary>What go-rpc puts in a heartbeat's body: an empty string in the connection's serializer.</summary>
internal static class HeartbeatBodies
{
    private static readonly ReadOnlySequence<byte> MessagePackEmptyString = new([0xa0]);
    private static readonly ReadOnlySequence<byte> JsonEmptyString = new("\"\""u8.ToArray());

    public static ReadOnlySequence<byte> For(HeaderFormat format) =>
        format == HeaderFormat.Json ? JsonEmptyString : MessagePackEmptyString;
}
