namespace PlugRpc.Plugins;

/// <summary>A plugin's settings in plugins.json are wrong.</summary>
public sealed class PluginSettingsException : Exception
{
    public PluginSettingsException(string message)
        : base(message)
    {
    }

    public PluginSettingsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Throws unless <paramref name="value"/> is at least <paramref name="minimum"/>, naming the plugin and setting.</summary>
    public static void ThrowIfBelow(string plugin, string setting, int value, int minimum)
    {
        if (value < minimum)
        {
            throw new PluginSettingsException($"{plugin}: settings.{setting} must be at least {minimum}, not {value}");
        }
    }
}
