using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using PlugRpc.Plugins;

namespace PlugRpc.Gateway.Http;

/// <summary>Where the gateway listens, from settings.url: an IP address (or localhost) and port, HTTP or HTTPS.</summary>
internal sealed record GatewayAddress(IPEndPoint EndPoint, bool Https)
{
    private const string Example = "e.g. http://127.0.0.1:8080";

    /// <summary>The address in <paramref name="url"/>; null when it is unset (the gateway stays off).</summary>
    /// <exception cref="PluginSettingsException">The URL is not one the gateway can listen on.</exception>
    public static GatewayAddress? Parse(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return null;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
        {
            throw new PluginSettingsException($"gateway: settings.url '{url}' is not an http:// or https:// URL with a host and port, {Example}");
        }

        if (uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            throw new PluginSettingsException($"gateway: settings.url '{url}' has a path; give only the scheme, host and port, {Example}");
        }

        var host = uri.Host.Trim('[', ']');
        var ip = string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
            : IPAddress.TryParse(host, out var parsed) ? parsed
            : throw new PluginSettingsException($"gateway: settings.url '{url}' names host '{host}'; listen on an IP address (0.0.0.0 for all) or localhost, {Example}");
        return new GatewayAddress(new IPEndPoint(ip, uri.Port), uri.Scheme == "https");
    }

    public string Scheme => Https ? "https" : "http";

    public override string ToString() => $"{Scheme}://{EndPoint}";

    public void Listen(KestrelServerOptions kestrel, Action<ListenOptions> configure) => kestrel.Listen(EndPoint, configure);
}
