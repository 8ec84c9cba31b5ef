using System.Text.Json;
using System.Text.Json.Serialization;
using PlugRpc.Plugins;

namespace PlugRpc.Cli;

/// <summary>
/// The request JSON of call and bench, checked before anything is sent: it must be JSON, and when the config's
/// services give the method's request type, it must fit that type (no unknown key, no value of the wrong kind), so
/// a mistake in it is the caller's, said as one line, not a call that failed.
/// </summary>
internal static class RequestJsonCheck
{
    private static readonly JsonSerializerOptions Strict = new()
    {
        PropertyNameCaseInsensitive = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <exception cref="UsageException">The JSON is malformed or does not fit the request type.</exception>
    public static void Check(CliClient client, string method, string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new UsageException($"the request of {method} is not valid JSON (position {ex.BytePositionInLine + 1}): {FirstSentence(ex.Message)}");
        }

        using (document)
        {
            if (client.TypesOf(method) is not { } types)
            {
                return;
            }

            if (JsonShape.Check(document.RootElement, types.Request, "request", naming: null) is { } misfit)
            {
                throw new UsageException($"the request of {method} does not fit {types.Request.Name}: {misfit}");
            }

            try
            {
                JsonSerializer.Deserialize(document.RootElement, types.Request, Strict);
            }
            catch (JsonException ex)
            {
                throw new UsageException($"the request of {method} does not fit {types.Request.Name}: {JsonShape.Describe(ex, types.Request, "request")}");
            }
        }
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return end > 0 ? message[..end].TrimEnd(' ', '|', '.') : message;
    }
}
