using System.Buffers;

namespace PlugRpc.Codecs;

/// <summary>
/// Optional on a codec: converts bodies to and from JSON text without knowing their .NET types, so that tools
/// (the command-line client, a gateway) can call services whose types they do not have.
/// </summary>
public interface IJsonTranscoder
{
    void WriteFromJson(string json, IBufferWriter<byte> output);

    string ReadAsJson(in ReadOnlySequence<byte> body);
}
