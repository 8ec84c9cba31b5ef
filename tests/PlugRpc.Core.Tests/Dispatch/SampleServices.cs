using PlugRpc.Services;

namespace PlugRpc.Core.Tests.Dispatch;

public sealed class Numbers
{
    public long A { get; set; }

    public long B { get; set; }
}

public sealed class Total
{
    public long Reply { get; set; }
}

/// <summary>One method of every supported shape.</summary>
[RpcService("Shapes")]
public sealed class ShapesService
{
    public Task Fill(CallContext context, Numbers request, Total response)
    {
        response.Reply = request.A + request.B + context.Metadata.Count;
        return Task.CompletedTask;
    }

    public async ValueTask FillLater(Numbers request, Total response)
    {
        await Task.Yield();
        response.Reply = request.A * request.B;
    }

    public Task<Total> Returns(Numbers request, CancellationToken cancellationToken) =>
        Task.FromResult(new Total { Reply = request.A - request.B + (cancellationToken.CanBeCanceled ? 1000 : 0) });

    public ValueTask<Total> ReturnsValueTask(CallContext context, Numbers request) =>
        ValueTask.FromResult(new Total { Reply = context.ServiceName.Length + request.A });

    public Total Synchronous(Numbers request) => new() { Reply = request.A };

    [RpcMethod("Renamed")]
    public Task<Total> OriginalName(Numbers request) => Task.FromResult(new Total { Reply = 7 });

    public Task<Total> SumAsync(Numbers request) => Task.FromResult(new Total { Reply = request.A + request.B });

    public Task<Total> Throws(Numbers request) => throw new InvalidOperationException("boom");

    [RpcIgnore]
    public int Helper(int a, int b, int c) => a + b + c;
}

public sealed class BadShapeService
{
    public int TooMany(int a, int b, int c) => a + b + c;
}

public sealed class UnnamedService
{
    public Task<Total> Echo(Total request) => Task.FromResult(request);
}
