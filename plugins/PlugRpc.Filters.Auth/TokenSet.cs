using System.Security.Cryptography;
using System.Text;
using PlugRpc.Http;

namespace PlugRpc.Filters.Auth;

/// <summary>
/// Accepted tokens, checked in constant time: every candidate is hashed to a fixed length and compared with every
/// accepted hash, so neither a token's content nor its length shows in the time taken. Each token has an identity
/// to name its caller by ("token#" and the first 8 hex digits of its SHA-256), never the token itself. The same set
/// opens the gateway's dashboard to callers off this machine (<see cref="IAccessTokens"/>).
/// </summary>
internal sealed class TokenSet : IAccessTokens
{
    private readonly byte[][] digests;
    private readonly string[] identities;

    public TokenSet(IEnumerable<string> tokens)
    {
        digests = tokens.Select(Digest).ToArray();
        identities = digests.Select(d => "token#" + Convert.ToHexStringLower(d, 0, 4)).ToArray();
    }

    /// <summary>Whether <paramref name="candidate"/> is accepted, and the identity of the token it matched.</summary>
    public bool TryMatch(string? candidate, out string identity)
    {
        var digest = Digest(candidate ?? string.Empty);
        var found = -1;
        for (var i = 0; i < digests.Length; i++)
        {
            var equal = CryptographicOperations.FixedTimeEquals(digest, digests[i]);
            found = equal ? i : found;
        }

        identity = found >= 0 && candidate is not null ? identities[found] : string.Empty;
        return found >= 0 && candidate is not null;
    }

    /// <summary>Whether <paramref name="token"/> is accepted, for HTTP pages that are not calls (the gateway's dashboard).</summary>
    public bool Accepts(string token) => TryMatch(token, out _);

    private static byte[] Digest(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
