using Autofac;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace PlugRpc.Plugins;

/// <summary>How a plugin logs: through the host's ILoggerFactory (NLog in PlugRpc.Host), resolved where it builds its components.</summary>
public static class PluginLogging
{
    /// <summary>A logger named after <typeparamref name="T"/>; one that drops everything in a container without an ILoggerFactory.</summary>
    public static ILogger<T> LoggerFor<T>(this IComponentContext context) =>
        (context.ResolveOptional<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger<T>();
}
