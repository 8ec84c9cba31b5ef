using Autofac.Core;
using PlugRpc.Options;
using PlugRpc.Plugins;

namespace PlugRpc.Hosting;

/// <summary>Turns what can go wrong at start-up into the one line a user needs.</summary>
public static class StartupErrors
{
    /// <summary>The message of the first known PlugRpc error inside <paramref name="error"/>, or null when there is none.</summary>
    public static string? Describe(Exception error)
    {
        for (Exception? current = error; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case PluginLoadException or OptionsValidationException or RpcException or PluginSettingsException:
                    return current.Message;
                case FormatException or IOException:
                    return current.Message;
                case AggregateException { InnerExceptions.Count: 1 } aggregate:
                    current = aggregate;
                    break;
                case DependencyResolutionException:
                    break;
            }
        }

        return null;
    }
}
