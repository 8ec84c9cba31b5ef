using System.Net.Security;
using System.Text;
using Autofac;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PlugRpc.Diagnostics;
using PlugRpc.Http;
using PlugRpc.Plugins;
using PlugRpc.Transport;

namespace PlugRpc.Gateway.Http;

/// <summary>
/// Builds the gateway's web application: Kestrel on the address (HTTPS with the tcp plugin's TLS settings), the host's
/// logging, then in order the gateway's error guard, the middleware and endpoints that plugins and service assemblies
/// add (<see cref="IHttpEndpoints{TBuilder, TApp}"/>), the health probes and go-rpc's /view pages, and the gateway's
/// own call routes.
/// </summary>
internal static class GatewayApp
{
    public static WebApplication Build(GatewayAddress address, GatewaySettings settings, IComponentContext container, ILoggerFactory loggerFactory)
    {
        var tls = address.Https ? ServerTlsOf(container, address) : null;
        var contributions = container.Resolve<IEnumerable<IHttpEndpoints<WebApplicationBuilder, WebApplication>>>()
            .Select((endpoints, index) => (Endpoints: endpoints, Index: index))
            .OrderBy(c => c.Endpoints.Order)
            .ThenBy(c => c.Index)
            .Select(c => c.Endpoints)
            .ToList();

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ApplicationName = typeof(GatewayApp).Assembly.GetName().Name });
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.Services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(new QuietFrameworkLogging(loggerFactory)));
        builder.Services.Replace(ServiceDescriptor.Singleton<IHostLifetime, HostOwnedLifetime>());
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = settings.MaxBodyBytes;
            kestrel.RequestHeaderEncodingSelector = _ => Encoding.UTF8;
            kestrel.ResponseHeaderEncodingSelector = _ => Encoding.UTF8;
            address.Listen(kestrel, listen =>
            {
                listen.Protocols = tls is null ? HttpProtocols.Http1 : HttpProtocols.Http1AndHttp2;
                if (tls is not null)
                {
                    listen.UseHttps(new TlsHandshakeCallbackOptions { OnConnection = _ => ValueTask.FromResult(HandshakeOptions(tls)) });
                }
            });
        });
        foreach (var endpoints in contributions)
        {
            endpoints.ConfigureServices(builder);
        }

        var app = builder.Build();
        var calls = new CallEndpoints(new CallRouter(container), new InvokeBodies(container), settings, loggerFactory.CreateLogger<CallEndpoints>());
        app.Use(new ErrorGuard(loggerFactory.CreateLogger<ErrorGuard>()).InvokeAsync);
        foreach (var endpoints in contributions)
        {
            endpoints.Configure(app);
        }

        HealthEndpoints.Map(app, container.ResolveOptional<HealthCheckService>());
        if (container.TryResolve<IHostFigures>(out var figures))
        {
            ViewEndpoints.Map(app, figures);
        }

        Dashboard.DashboardEndpoints.Map(app, container);
        app.MapPost("/invoke", new RequestDelegate(calls.InvokeAsync));
        app.MapPost("/{service}/{method}", new RequestDelegate(calls.CallAsync));
        app.MapFallback("{*path}", new RequestDelegate(calls.UnknownRouteAsync));
        return app;
    }

    private static ServerTls ServerTlsOf(IComponentContext container, GatewayAddress address) =>
        container.TryResolve<ServerTls>(out var tls)
            ? tls
            : throw new PluginSettingsException(
                $"gateway: settings.url is {address}, but no TLS certificate is set: HTTPS uses the tcp plugin's settings.tls (set its certificate)");

    private static SslServerAuthenticationOptions HandshakeOptions(ServerTls tls)
    {
        var options = tls.CreateOptions();
        options.ApplicationProtocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11];
        return options;
    }
}
