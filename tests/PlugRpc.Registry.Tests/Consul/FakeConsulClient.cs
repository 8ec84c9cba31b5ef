using System.Net;
using System.Text;
using System.Text.Json;

namespace PlugRpc.Registry.Tests.Consul;

/// <summary>Plain HTTP calls to a fake Consul agent, for tests that speak its API directly (as curl would).</summary>
internal sealed class FakeConsulClient : IDisposable
{
    private readonly HttpClient http;

    public FakeConsulClient(FakeConsulServer server, string? token = null)
    {
        http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.Port}/"), Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Add("X-Consul-Token", token);
        }
    }

    public async Task<(HttpStatusCode Status, string Body)> PutAsync(string path, string? json = null)
    {
        using var content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await http.PutAsync(path, content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>GET /v1/health/service/:name with the query given; the entries, and the X-Consul-Index header.</summary>
    public async Task<(JsonElement Entries, long Index)> HealthAsync(string name, string query = "")
    {
        using var response = await http.GetAsync($"v1/health/service/{Uri.EscapeDataString(name)}{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var index = long.Parse(response.Headers.GetValues("X-Consul-Index").Single(), System.Globalization.CultureInfo.InvariantCulture);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (document.RootElement.Clone(), index);
    }

    /// <summary>The service IDs of a health answer.</summary>
    public static List<string> Ids(JsonElement entries) =>
        entries.EnumerateArray().Select(e => e.GetProperty("Service").GetProperty("ID").GetString()!).ToList();

    public void Dispose() => http.Dispose();
}
