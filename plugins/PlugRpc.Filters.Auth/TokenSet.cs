using System.Security.Cryptography;
using System.Text;

namespace PlugRpc.Filters.Auth;

/// <summary>
/// Accepted tokens, checked in constant time: every candidate is hashed to a fixed length and compared with every
/// accepted hash, so neither a token's content nor its length shows in the time taken.
/// </summary>
internal sealed class TokenSet
{
    private readonly byte[][] digests;

    public TokenSet(IEnumerable<string> tokens)
    {
        digests = tokens.Select(Digest).ToArray();
    }

    public bool Contains(string? candidate)
    {
        var digest = Digest(candidate ?? string.Empty);
        var found = false;
        foreach (var accepted in digests)
        {
            found |= CryptographicOperations.FixedTimeEquals(digest, accepted);
        }

        return found && candidate is not null;
    }

    private static byte[] Digest(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
