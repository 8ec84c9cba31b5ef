namespace PlugRpc.Http;

/// <summary>
/// The tokens that open HTTP pages which are not calls (the gateway's dashboard) to callers off this machine. The auth
/// plugin registers one holding its accepted tokens (settings.tokens); without one, such pages stay loopback-only.
/// </summary>
public interface IAccessTokens
{
    /// <summary>Whether <paramref name="token"/> is accepted (checked in constant time).</summary>
    bool Accepts(string token);
}
