namespace PlugRpc.Tests.Fuzzing;

/// <summary>A body of every shape the codecs carry (scalars, text, bytes, lists, maps, nesting), for decoders to be fuzzed into.</summary>
public sealed class SampleBody
{
    public static SampleBody Full => new()
    {
        Name = "ArithService",
        Count = 42,
        Ratio = 1.5,
        On = true,
        Items = [1, 2, 300],
        Tags = new() { ["rpc_auth"] = 7 },
        Blob = [0xab, 0xba, 0x00],
        Children = [new SampleBody { Count = 3 }],
    };

    public string? Name { get; set; }

    public long Count { get; set; }

    public double Ratio { get; set; }

    public bool On { get; set; }

    public List<int>? Items { get; set; }

    public Dictionary<string, long>? Tags { get; set; }

    public byte[]? Blob { get; set; }

    public SampleBody? Child { get; set; }

    public SampleBody[]? Children { get; set; }
}
