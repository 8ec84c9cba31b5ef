namespace PlugRpc.Options;

/// <summary>A client's options (the "client" section of plugins.json).</summary>
public sealed class ClientOptions : ConnectionOptions
{
    /// <summary>The servers to call when no registry is configured (direct addressing).</summary>
    public List<string> Addresses { get; set; } = [];

    /// <summary>How long one call may take before it fails with DeadlineExceeded (go-rpc's RequestTimeout).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long opening a connection may take (go-rpc's DialTimeout).</summary>
    public TimeSpan DialTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>The codec for request bodies by name (go-rpc's SerializeType).</summary>
    public string Codec { get; set; } = "msgpack";

    /// <summary>The compressor for request bodies by name, or null for none (go-rpc's CompressType).</summary>
    public string? Compressor { get; set; }

    /// <summary>
    /// How request headers are encoded: "msgpack", "json" (what a go-rpc server in JSON mode expects), or "auto":
    /// JSON when the body codec is JSON, msgpack otherwise. PlugRpc servers read both.
    /// </summary>
    public string HeaderFormat { get; set; } = "auto";

    /// <summary>The load balancer by name.</summary>
    public string Selector { get; set; } = "random";

    /// <summary>Client filters by name, outermost first, e.g. ["auth"].</summary>
    public List<string> Filters { get; set; } = [];

    internal global::PlugRpc.Protocol.HeaderFormat? FixedHeaderFormat() => HeaderFormat switch
    {
        "msgpack" => global::PlugRpc.Protocol.HeaderFormat.MessagePack,
        "json" => global::PlugRpc.Protocol.HeaderFormat.Json,
        _ => null,
    };

    public void Validate()
    {
        var problems = new List<string>();
        ValidateConnection(problems);
        ValidateAddresses(Addresses, problems);
        if (RequestTimeout <= TimeSpan.Zero)
        {
            problems.Add($"requestTimeout {RequestTimeout} must be positive");
        }

        if (DialTimeout <= TimeSpan.Zero)
        {
            problems.Add($"dialTimeout {DialTimeout} must be positive");
        }

        if (string.IsNullOrWhiteSpace(Codec))
        {
            problems.Add("codec is empty");
        }

        if (HeaderFormat is not ("auto" or "msgpack" or "json"))
        {
            problems.Add($"headerFormat '{HeaderFormat}' is not one of auto, msgpack, json");
        }

        if (string.IsNullOrWhiteSpace(Selector))
        {
            problems.Add("selector is empty");
        }

        if (problems.Count > 0)
        {
            throw new OptionsValidationException("client", problems);
        }
    }
}
