using PlugRpc.Filters.Auth;

namespace PlugRpc.Plugins.Tests;

public sealed class AuthFilterTests
{
    private readonly AuthServerFilter server = new(["hello01", "another-much-longer-token"]);

    [Theory]
    [InlineData("hello01")]
    [InlineData("another-much-longer-token")]
    public async Task An_accepted_token_passes(string token)
    {
        var reached = false;

        await server.InvokeAsync(Call(token), _ =>
        {
            reached = true;
            return ValueTask.CompletedTask;
        });

        Assert.True(reached);
    }

    [Theory]
    [InlineData("badtoken")]
    [InlineData("hello0")]
    [InlineData("hello012")]
    [InlineData("")]
    [InlineData(null)]
    public async Task Any_other_token_is_refused_with_go_rpcs_text(string? token)
    {
        var reached = false;

        var error = await Assert.ThrowsAsync<RpcException>(() => server.InvokeAsync(Call(token), _ =>
        {
            reached = true;
            return ValueTask.CompletedTask;
        }).AsTask());

        Assert.False(reached);
        Assert.Equal((RpcStatusCode.Unauthenticated, "auth failed"), (error.StatusCode, error.Message));
    }

    private static CallContext Call(string? token)
    {
        var metadata = new Metadata();
        if (token is not null)
        {
            metadata[MetadataKeys.Auth] = token;
        }

        return new CallContext("ArithService", "Add", metadata, "test", default);
    }
}
