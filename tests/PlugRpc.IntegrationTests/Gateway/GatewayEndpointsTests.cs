using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PlugRpc.Http;
using PlugRpc.Plugins;

namespace PlugRpc.IntegrationTests.Gateway;

/// <summary>
/// Endpoints a plugin registers (<see cref="PluginRegistrationExtensions.RegisterHttpEndpoints{TBuilder, TApp}"/>)
/// beside a service assembly's: their services go into the web application, and their middleware runs by its order.
/// </summary>
public sealed class GatewayEndpointsTests
{
    [Fact]
    public async Task A_plugins_endpoints_get_their_services_and_their_middleware_runs_by_order()
    {
        await using var host = await GatewayHost.StartAsync(container: builder =>
            builder.RegisterHttpEndpoints<WebApplicationBuilder, WebApplication>(_ => new GreetingEndpoints()));

        var reply = await GatewayReply.ReadAsync(await host.Http.GetAsync("/greeting"));

        Assert.Equal(200, reply.Status);
        Assert.Equal("hello from the web application's services", reply.Body.GetProperty("greeting").GetString());

        // Order -1 puts this middleware ahead of the fleet assembly's two (order 0), which keep theirs.
        Assert.Equal("zero,first,second", reply.Header("x-fleet-middleware"));
    }

    private sealed class GreetingEndpoints : IHttpEndpoints<WebApplicationBuilder, WebApplication>
    {
        public int Order => -1;

        public void ConfigureServices(WebApplicationBuilder builder) =>
            builder.Services.AddSingleton(new Greeting("hello from the web application's services"));

        public void Configure(WebApplication app)
        {
            app.Use((context, next) =>
            {
                context.Response.Headers.Append("x-fleet-middleware", "zero");
                return next(context);
            });
            app.MapGet("/greeting", (Greeting greeting) => Results.Json(new { greeting = greeting.Text }));
        }
    }

    private sealed record Greeting(string Text);
}
