using PlugRpc.IntegrationTests.Infrastructure;
using PlugRpc.Samples.Arith;

namespace PlugRpc.IntegrationTests;

/// <summary>The sample ArithService answers as go-rpc's does, over a real socket: Go's int64 arithmetic wraps, and only a zero divisor fails.</summary>
public sealed class ArithSampleTests
{
    public static TheoryData<string, long, long, long> Answers => new()
    {
        { "Add", long.MaxValue, 1, long.MinValue },
        { "Add", long.MinValue, -1, long.MaxValue },
        { "Minus", long.MinValue, 1, long.MaxValue },
        { "Mul", long.MaxValue, 2, -2 },
        { "Mul", 1L << 62, 4, 0 },
        { "Divide", long.MinValue, -1, long.MinValue },
        { "Divide", -7, 2, -3 },
        { "Divide", 7, -2, -3 },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task Arithmetic_wraps_as_Gos_int64_does(string method, long a, long b, long expected)
    {
        await using var bed = await TestBed.StartAsync();

        var reply = await bed.Client.CallAsync<ArithRequest, ArithResponse>($"ArithService.{method}", new ArithRequest { A = a, B = b });

        Assert.Equal(expected, reply.Reply);
    }

    [Fact]
    public async Task Only_a_zero_divisor_is_refused()
    {
        await using var bed = await TestBed.StartAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => bed.Client.CallAsync<ArithRequest, ArithResponse>("ArithService.Divide", new ArithRequest { A = 1, B = 0 }));

        Assert.Equal((RpcStatusCode.InvalidArgument, RpcErrors.DividedByZero), (error.StatusCode, error.Message));
    }
}
