using System.Security.Cryptography;
using System.Text;
using PlugRpc.Components;
using PlugRpc.Filters;
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

    [Fact]
    public async Task An_accepted_call_is_named_by_its_tokens_identity_never_the_token()
    {
        var first = Call("hello01");
        var second = Call("another-much-longer-token");

        await server.InvokeAsync(first, _ => ValueTask.CompletedTask);
        await server.InvokeAsync(second, _ => ValueTask.CompletedTask);

        Assert.Equal("token#" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("hello01")))[..8], first.Caller);
        Assert.Matches("^token#[0-9a-f]{8}$", second.Caller);
        Assert.NotEqual(first.Caller, second.Caller);
    }

    [Fact]
    public async Task A_refused_call_names_no_caller()
    {
        var call = Call("badtoken");

        await Assert.ThrowsAsync<RpcException>(() => server.InvokeAsync(call, _ => ValueTask.CompletedTask).AsTask());

        Assert.Null(call.Caller);
    }

    [Fact]
    public async Task The_client_filter_sends_the_clients_auth_option_else_the_settings_token()
    {
        using var container = PluginContainer.Build(b => b.AddPlugin<AuthPlugin>(PluginContainer.Json("""{"tokens": ["t1"], "token": "t1"}""")));
        var withOption = new TestClientCall();
        var withoutOption = new TestClientCall();

        await container.CreateClientFilter("auth", new ClientSideOptions { Auth = "from-options" }).InvokeAsync(withOption, _ => ValueTask.CompletedTask);
        await container.CreateClientFilter("auth", new ClientSideOptions()).InvokeAsync(withoutOption, _ => ValueTask.CompletedTask);

        Assert.Equal("from-options", withOption.Metadata[MetadataKeys.Auth]);
        Assert.Equal("t1", withoutOption.Metadata[MetadataKeys.Auth]);
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
