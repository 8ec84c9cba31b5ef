namespace PlugRpc.Bench;

/// <summary>Add's request for the frameworks that take plain classes (PlugRpc, StreamJsonRpc).</summary>
public sealed class AddArgs
{
    public long A { get; set; }

    public long B { get; set; }
}

public sealed class AddResult
{
    public long Reply { get; set; }
}

public sealed class Payload
{
    public byte[] Data { get; set; } = [];
}

/// <summary>The service PlugRpc and StreamJsonRpc serve in the bench.</summary>
[PlugRpc.Services.RpcService("Bench")]
public sealed class BenchService
{
    public Task<AddResult> Add(AddArgs request) => Task.FromResult(new AddResult { Reply = request.A + request.B });

    public Task<Payload> Echo(Payload request) => Task.FromResult(request);
}
