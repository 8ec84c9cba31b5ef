namespace PlugRpc.Plugins;

/// <summary>Start-up cannot go on: plugins.json or a plugin it lists is wrong. The message says which and where.</summary>
public sealed class PluginLoadException : Exception
{
    public PluginLoadException(string message)
        : base(message)
    {
    }

    public PluginLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
