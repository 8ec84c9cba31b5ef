namespace PlugRpc.Registry.ZooKeeper.Client;

/// <summary>
/// A request sent and not yet answered, in the connection's queue (ZooKeeper answers in order). The reply arms
/// the request's watch before the next frame is read, so no notification can come before its watch exists.
/// </summary>
internal sealed class PendingRequest(byte[] frame, Func<int, Task<WatchEvent>?>? armWatch)
{
    private readonly TaskCompletionSource<ZooKeeperReply> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public byte[] Frame { get; } = frame;

    public int Xid { get; set; }

    public Task<ZooKeeperReply> Reply => completion.Task;

    public void Answer(int error, byte[] body)
    {
        var watch = armWatch?.Invoke(error);
        completion.TrySetResult(new ZooKeeperReply(error, body, watch));
    }

    public void Fail(Exception failure) => completion.TrySetException(failure);
}

/// <summary>A reply: the error code (0 for none), the record after the header, and the watch it armed if any.</summary>
internal sealed record ZooKeeperReply(int Error, byte[] Body, Task<WatchEvent>? Watch);
