using System.Net;
using Microsoft.AspNetCore.Http;
using PlugRpc.Http;

namespace PlugRpc.Gateway.Http.Dashboard;

/// <summary>
/// Who may see the dashboard: a loopback caller always; any other only with a token that an <see cref="IAccessTokens"/>
/// (the auth plugin's settings.tokens) accepts, given as <c>Authorization: Bearer TOKEN</c> or <c>?token=TOKEN</c>.
/// </summary>
internal sealed class DashboardAccess
{
    private readonly IReadOnlyList<IAccessTokens> tokens;

    public DashboardAccess(IReadOnlyList<IAccessTokens> tokens)
    {
        this.tokens = tokens;
    }

    /// <summary>Why the caller may not see the dashboard (an HTTP status and one line), or null when it may.</summary>
    public (int Status, string Message)? RefusalFor(IPAddress? remote, string? authorization, string? queryToken)
    {
        if (remote is not null && IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote))
        {
            return null;
        }

        var caller = remote?.ToString() ?? "an unknown address";
        if (tokens.Count == 0)
        {
            return (StatusCodes.Status403Forbidden,
                $"dashboard: open to loopback callers only, and {caller} is not one (no auth plugin with settings.tokens is loaded to accept a token)");
        }

        var token = BearerToken(authorization) ?? queryToken;
        if (string.IsNullOrEmpty(token))
        {
            return (StatusCodes.Status401Unauthorized,
                $"dashboard: {caller} is not a loopback caller: give one of the auth plugin's tokens as 'Authorization: Bearer TOKEN' or '?token=TOKEN'");
        }

        var accepted = false;
        foreach (var check in tokens)
        {
            accepted |= check.Accepts(token);
        }

        return accepted ? null : (StatusCodes.Status401Unauthorized, "dashboard: the token given is not one the auth plugin accepts");
    }

    public (int Status, string Message)? RefusalFor(HttpContext context) => RefusalFor(
        context.Connection.RemoteIpAddress,
        context.Request.Headers.Authorization.ToString(),
        context.Request.Query["token"].ToString());

    private static string? BearerToken(string? authorization)
    {
        const string Scheme = "Bearer ";
        return authorization is not null && authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)
            ? authorization[Scheme.Length..].Trim()
            : null;
    }
}
