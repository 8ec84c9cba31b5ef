namespace PlugRpc.Gateway.Http;

/// <summary>The gateway plugin's settings in plugins.json; the host's --gateway URL sets <see cref="Url"/>.</summary>
public sealed class GatewaySettings
{
    /// <summary>
    /// Where to listen: http://host:port, or https://host:port with the tcp plugin's TLS settings. Unset leaves the
    /// gateway off.
    /// </summary>
    public string? Url { get; set; }

    /// <summary>
    /// How long a call may take unless its rpc-header-meta_data carries rpc_deadline_ms; unset: the client's
    /// requestTimeout for calls through the client, no deadline in-process.
    /// </summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>The largest request body taken, in bytes; a larger one is refused with 413.</summary>
    public int MaxBodyBytes { get; set; } = 4 * 1024 * 1024;

    internal void Validate()
    {
        Plugins.PluginSettingsException.ThrowIfBelow("gateway", "maxBodyBytes", MaxBodyBytes, 1);
        if (Timeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            throw new Plugins.PluginSettingsException($"gateway: settings.timeout {timeout} must be positive");
        }
    }
}
