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
}
