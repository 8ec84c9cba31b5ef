namespace PlugRpc.Bench.Runner;

/// <summary>What each call does: Add (tiny) or an echo of a payload of the given size.</summary>
internal sealed record Workload(string Name, int PayloadBytes)
{
    public static readonly Workload[] All = [new("add", 0), new("echo1k", 1024), new("echo64k", 64 * 1024)];

    public bool IsAdd => PayloadBytes == 0;

    public byte[] Payload { get; } = CreatePayload(PayloadBytes);

    private static byte[] CreatePayload(int size)
    {
        var payload = new byte[size];
        new Random(size).NextBytes(payload);
        return payload;
    }
}
