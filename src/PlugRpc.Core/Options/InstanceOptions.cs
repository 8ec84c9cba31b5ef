namespace PlugRpc.Options;

/// <summary>A server named directly in the client's options, with what a registry would publish about it.</summary>
public sealed class InstanceOptions
{
    public string Address { get; set; } = string.Empty;

    /// <summary>Its relative weight for the weighted selector.</summary>
    public int? Weight { get; set; }

    /// <summary>Its routing tags, as the server itself declares them.</summary>
    public Dictionary<string, string> Tags { get; set; } = [];

    /// <summary>Any other instance metadata.</summary>
    public Dictionary<string, string> Metadata { get; set; } = [];
}
