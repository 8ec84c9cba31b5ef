using System.Text.Json;

namespace PlugRpc.IntegrationTests.Gateway;

/// <summary>What a gateway answered: its HTTP status, its body parsed as JSON, and its headers by name.</summary>
internal sealed record GatewayReply(int Status, JsonElement Body, IReadOnlyDictionary<string, string> Headers)
{
    public static async Task<GatewayReply> ReadAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            var headers = response.Headers.Concat(response.Content.Headers)
                .ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(",", h.Value));
            JsonElement body;
            try
            {
                body = JsonDocument.Parse(text).RootElement.Clone();
            }
            catch (JsonException ex)
            {
                throw new Xunit.Sdk.XunitException($"HTTP {(int)response.StatusCode}: the body is not JSON ({ex.Message}): {text}");
            }

            return new GatewayReply((int)response.StatusCode, body, headers);
        }
    }

    /// <summary>The error body's "status" and "message".</summary>
    public (string Status, string Message) Error => (Body.GetProperty("status").GetString()!, Body.GetProperty("message").GetString()!);

    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : throw new Xunit.Sdk.XunitException($"no header {name} in {string.Join(", ", Headers.Keys)}");

    /// <summary>The error body is the gateway's own, one clear message and no stack trace.</summary>
    public void AssertCleanError(int status, string rpcStatus, string messagePart)
    {
        Assert.Equal(status, Status);
        Assert.Equal(2, Body.EnumerateObject().Count());
        var (actualStatus, message) = Error;
        Assert.Equal(rpcStatus, actualStatus);
        Assert.Contains(messagePart, message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", message, StringComparison.Ordinal);
    }
}
