namespace PlugRpc.Samples.Arith;

public sealed class ArithResponse
{
    public long Reply { get; set; }
}
