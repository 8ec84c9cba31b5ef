using PlugRpc.Codecs;
using PlugRpc.Protocol;
using PlugRpc.Transport;

namespace PlugRpc.Components;

/// <summary>The implementations loaded into a process that servers and clients share.</summary>
public sealed class RpcComponents
{
    public RpcComponents(
        IEnumerable<ICodec> codecs,
        IEnumerable<ICompressor> compressors,
        IEnumerable<ITransport> transports,
        IEnumerable<IFrameProtocol> protocols)
    {
        CodecSet = new CodecSet(codecs, compressors);
        Transports = new TransportSet(transports);
        Protocols = new NamedSet<IFrameProtocol>("protocol", protocols, p => p.Name);
    }

    internal CodecSet CodecSet { get; }

    internal TransportSet Transports { get; }

    internal NamedSet<IFrameProtocol> Protocols { get; }
}
