namespace PlugRpc.Samples.Arith;

/// <summary>go-rpc's sample request: two Go ints (int64 on the wire).</summary>
public sealed class ArithRequest
{
    public long A { get; set; }

    public long B { get; set; }
}
