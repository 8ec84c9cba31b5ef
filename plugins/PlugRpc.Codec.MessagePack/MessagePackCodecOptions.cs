namespace PlugRpc.Codec.MessagePack;

/// <summary>The msgpack plugin's settings in plugins.json.</summary>
public sealed class MessagePackCodecOptions
{
    /// <summary>Deepest object graph decoded from a peer (guards against stack exhaustion).</summary>
    public int MaxDepth { get; set; } = 64;
}
