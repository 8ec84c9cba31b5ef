using System.Buffers;
using PlugRpc.Codecs;

namespace PlugRpc.Plugins.Tests;

/// <summary>A client call with nothing to send, for unit tests of client and instance filters.</summary>
internal sealed class TestClientCall : ClientCallContext
{
    public TestClientCall(string serviceMethod = "ArithService.Add", Metadata? metadata = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
        : base(serviceMethod.Split('.')[0], serviceMethod.Split('.')[1], metadata, CallOptions.Default, cancellationToken)
    {
        Timeout = timeout ?? TimeSpan.FromSeconds(5);
    }

    public override object? RequestObject => null;

    public override object? ResponseObject => null;

    public override void WriteRequest(ICodec codec, IBufferWriter<byte> output)
    {
    }

    public override void ReadResponse(ICodec codec, in ReadOnlySequence<byte> body)
    {
    }
}

/// <summary>A server call as a filter sees it, with the deadline the framework would set from the caller's time left.</summary>
internal sealed class TestServerCall : CallContext
{
    public TestServerCall(string serviceMethod = "ArithService.Add", Metadata? metadata = null, string remoteEndPoint = "127.0.0.1:40000", DateTime? deadline = null, CancellationToken cancellationToken = default)
        : base(serviceMethod.Split('.')[0], serviceMethod.Split('.')[1], metadata, remoteEndPoint, cancellationToken)
    {
        Deadline = deadline;
    }
}

/// <summary>A clock a test moves by hand.</summary>
internal sealed class ManualClock : TimeProvider
{
    private long ticks = 1_000_000;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref ticks);

    public void Advance(TimeSpan by) => Interlocked.Add(ref ticks, by.Ticks);
}
