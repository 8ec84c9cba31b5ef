namespace PlugRpc.Codec.Json;

/// <summary>The JSON plugin's settings in plugins.json.</summary>
public sealed class JsonCodecOptions
{
    /// <summary>
    /// Assembly-qualified names of source-generated <c>JsonSerializerContext</c> types to use before reflection,
    /// e.g. "MyApp.ArithJsonContext, MyApp".
    /// </summary>
    public List<string> Contexts { get; set; } = [];

    /// <summary>Deepest nesting read from a peer.</summary>
    public int MaxDepth { get; set; } = 64;
}
