using System.Text;
using PlugRpc.Discovery;

namespace PlugRpc.Registry.Consul;

/// <summary>
/// An instance's metadata as a Consul service's Meta, unchanged (so it round-trips, "tags" JSON text included), or a
/// clear refusal of what Consul would reject: more than 64 pairs, a key other than letters, digits, '-' and '_' (at
/// most 128, not starting with the reserved "consul-"), a value over 512 bytes.
/// </summary>
internal static class ConsulMeta
{
    public const int MaxPairs = 64;
    public const int MaxKeyLength = 128;
    public const int MaxValueBytes = 512;
    public const string ReservedPrefix = "consul-";

    /// <exception cref="RegistryException">The metadata does not fit Consul's Meta; the message names the key and the rule.</exception>
    public static IReadOnlyDictionary<string, string> Of(ServiceRegistration registration)
    {
        var metadata = registration.Instance.Metadata;
        if (metadata.Count > MaxPairs)
        {
            throw Refused(registration, $"it has {metadata.Count} metadata entries and Consul's Meta holds at most {MaxPairs}");
        }

        foreach (var (key, value) in metadata)
        {
            if (key.Length == 0 || key.Length > MaxKeyLength || !key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                throw Refused(registration, $"metadata key '{key}' is not a Consul Meta key (letters, digits, '-' and '_', 1 to {MaxKeyLength} characters)");
            }

            if (key.StartsWith(ReservedPrefix, StringComparison.Ordinal))
            {
                throw Refused(registration, $"metadata key '{key}' starts with '{ReservedPrefix}', which Consul reserves for itself");
            }

            var bytes = Encoding.UTF8.GetByteCount(value);
            if (bytes > MaxValueBytes)
            {
                throw Refused(registration, $"metadata '{key}' is {bytes} bytes long and Consul's Meta values hold at most {MaxValueBytes}");
            }
        }

        return metadata;
    }

    private static RegistryException Refused(ServiceRegistration registration, string why) =>
        new($"consul cannot publish {registration}: {why}");
}
