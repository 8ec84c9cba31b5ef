using Autofac.Features.Metadata;
using PlugRpc.Codecs;
using PlugRpc.Plugins;
using PlugRpc.Protocol;
using PlugRpc.Transport;

namespace PlugRpc.Components;

/// <summary>
/// The implementations loaded into a process that servers and clients share, each known by its one name (and
/// codecs and compressors by their wire number); two plugins claiming one of them stop start-up naming both.
/// </summary>
public sealed class RpcComponents
{
    public RpcComponents(
        IEnumerable<Meta<ICodec>> codecs,
        IEnumerable<Meta<ICompressor>> compressors,
        IEnumerable<Meta<ITransport>> transports,
        IEnumerable<IFrameProtocol> protocols)
    {
        CodecSet = new CodecSet(WithOwners(codecs), WithOwners(compressors));
        Transports = new TransportSet(WithOwners(transports));
        Protocols = new NamedSet<IFrameProtocol>("protocol", protocols, p => p.Name);
    }

    internal CodecSet CodecSet { get; }

    internal TransportSet Transports { get; }

    internal NamedSet<IFrameProtocol> Protocols { get; }

    private static List<Owned<T>> WithOwners<T>(IEnumerable<Meta<T>> items) =>
        items.Select(m => new Owned<T>(m.Value, ComponentOwners.Of(m.Metadata))).ToList();
}
