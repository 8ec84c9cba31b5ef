using PlugRpc.Codecs;
using PlugRpc.Protocol;

namespace PlugRpc.Client;

/// <summary>What a client's connections need from its options to put frames on the wire.</summary>
internal sealed record ClientWireSettings(FrameLimits Limits, int CompressThreshold, HeaderFormat? FixedHeaderFormat, HeaderFormat HeartbeatFormat)
{
    /// <summary>Heartbeats carry no body codec, so in "auto" they follow the client's default codec.</summary>
    public static ClientWireSettings From(Options.ClientOptions options, ICodec defaultCodec)
    {
        var fixedFormat = options.FixedHeaderFormat();
        return new ClientWireSettings(options.ToFrameLimits(), options.CompressThreshold, fixedFormat, fixedFormat ?? FollowCodec(defaultCodec));
    }

    /// <summary>The header format for a request: fixed by options, or following the body codec ("auto").</summary>
    public HeaderFormat HeaderFormatFor(ICodec codec) =>
        FixedHeaderFormat ?? FollowCodec(codec);

    private static HeaderFormat FollowCodec(ICodec codec) =>
        codec.SerializeType == SerializeTypes.Json ? HeaderFormat.Json : HeaderFormat.MessagePack;
}
