using Autofac;
using Autofac.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NLog.Extensions.Logging;
using PlugRpc.Client;
using PlugRpc.Components;
using PlugRpc.Diagnostics;
using PlugRpc.Hosting.Figures;
using PlugRpc.Hosting.Health;
using PlugRpc.Http;
using PlugRpc.Options;
using PlugRpc.Plugins;

namespace PlugRpc.Hosting;

/// <summary>Puts PlugRpc on the .NET Generic Host: Autofac as the container, NLog behind ILogger, plugins from plugins.json.</summary>
public static class PlugRpcHostBuilderExtensions
{
    /// <summary>
    /// Reads <paramref name="manifestPath"/>, loads the plugins and services it lists into the container, registers
    /// an <see cref="IRpcClient"/> built from its "client" section and, unless turned off, a hosted server built from
    /// its "server" section (also the process's <see cref="ILocalCalls"/>), PlugRpc's health checks
    /// (<see cref="PlugRpcHealthChecks"/>), the /view figures (<see cref="IHostFigures"/>) and the HTTP endpoints service
    /// assemblies add. Fails with <see cref="PluginLoadException"/> or <see cref="OptionsValidationException"/>.
    /// </summary>
    public static IHostBuilder UsePlugRpc(this IHostBuilder host, string manifestPath, Action<PlugRpcHostOptions>? configure = null)
    {
        var settings = new PlugRpcHostOptions();
        configure?.Invoke(settings);
        var manifest = PluginManifest.Load(manifestPath);
        foreach (var (plugin, change) in settings.PluginSettingChanges)
        {
            manifest = manifest.WithPluginSettings(plugin, change);
        }

        var serverOptions = OptionsJson.Read<ServerOptions>(manifest.Server, "server");
        if (settings.Addresses.Count > 0)
        {
            serverOptions.Addresses = [.. settings.Addresses];
        }

        settings.ConfigureServer?.Invoke(serverOptions);
        var clientOptions = OptionsJson.Read<ClientOptions>(manifest.Client, "client");
        settings.ConfigureClient?.Invoke(clientOptions);
        serverOptions.Validate();
        clientOptions.Validate();

        host.UseServiceProviderFactory(new AutofacServiceProviderFactory());
        host.ConfigureLogging(logging => logging
            .ClearProviders()
            .SetMinimumLevel(settings.MinimumLogLevel)
            .AddNLog(RpcLogging.ConsoleConfiguration(settings.MinimumLogLevel)));
        host.ConfigureServices(services =>
        {
            services.Configure<HostOptions>(o => o.ShutdownTimeout = serverOptions.DeregisterDelay + serverOptions.ShutdownWait + TimeSpan.FromSeconds(5));
            services.AddHealthChecks().AddPlugRpcChecks(settings.Serve, settings.CheckClient ?? !settings.Serve);
            services.AddSingleton<IHostFigures>(sp => new HostFigures(sp.GetService<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckService>()));
        });
        host.ConfigureContainer<ContainerBuilder>(builder =>
        {
            using var bootstrapLogging = RpcLogging.CreateFactory(settings.MinimumLogLevel);
            builder.AddPlugRpcCore();
            var loaded = PluginLoader.Load(manifest, builder, bootstrapLogging.CreateLogger("PlugRpc.Plugins"));
            foreach (var type in loaded.ServiceTypes)
            {
                builder.RegisterType(type).AsSelf().SingleInstance();
            }

            foreach (var type in loaded.HttpEndpointTypes)
            {
                builder.RegisterType(type).As([.. HttpEndpointContracts.Of(type)]).SingleInstance();
            }

            builder.RegisterInstance(new ServiceTypeList(loaded.ServiceTypes));
            builder.RegisterInstance(serverOptions);
            builder.RegisterInstance(clientOptions);
            builder.Register(c => c.Resolve<IComponentContext>().CreateRpcClient(clientOptions)).As<IRpcClient>().AsSelf().SingleInstance();
            if (settings.Serve)
            {
                builder.Register(c => new RpcServerService(c.Resolve<ILifetimeScope>(), serverOptions, c.Resolve<ServiceTypeList>()))
                    .AsSelf().As<IHostedService>().As<ILocalCalls>().SingleInstance();
            }
        });
        return host;
    }
}
