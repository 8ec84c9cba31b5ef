namespace PlugRpc.Filters.Auth;

/// <summary>The auth plugin's settings in plugins.json.</summary>
public sealed class AuthOptions
{
    /// <summary>The tokens a server accepts.</summary>
    public List<string> Tokens { get; set; } = [];

    /// <summary>The token a client sends; null sends none (calls may still carry their own).</summary>
    public string? Token { get; set; }
}
