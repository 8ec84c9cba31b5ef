using System.Buffers;
using PlugRpc.Codecs;

namespace PlugRpc.Client;

/// <summary>A heartbeat sent to a server: answered with an echo of its body, which carries nothing to decode.</summary>
internal sealed class HeartbeatCall(CancellationToken cancellationToken = default)
    : OutgoingCall(string.Empty, string.Empty, null, CallOptions.Default, cancellationToken)
{
    public override bool ExpectsResponseBody => false;

    public override object? RequestObject => null;

    public override object? ResponseObject => null;

    public override void WriteRequest(ICodec codec, IBufferWriter<byte> output)
    {
    }

    public override void ReadResponse(ICodec codec, in ReadOnlySequence<byte> body)
    {
    }

    public override string ToString() => "heartbeat";
}
