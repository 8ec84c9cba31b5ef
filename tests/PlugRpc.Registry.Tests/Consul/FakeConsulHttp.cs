using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace PlugRpc.Registry.Tests.Consul;

/// <summary>
/// The fake agent's HTTP API, shaped as Consul's: PUT /v1/agent/service/register (?replace-existing-checks),
/// PUT /v1/agent/service/deregister/:id, PUT /v1/agent/check/pass|warn|fail/:id (?note), GET /v1/health/service/:name
/// (?passing, blocking on ?index and ?wait with up to wait/16 of jitter, X-Consul-Index), GET /v1/agent/services,
/// GET /v1/agent/checks, GET /v1/status/leader; errors as plain text with Consul's status codes. With an ACL token set,
/// a request must carry it (X-Consul-Token or ?token) or gets 403.
/// </summary>
internal sealed class FakeConsulHttp(FakeConsulAgent agent, string? aclToken)
{
    private static readonly TimeSpan DefaultWait = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(10);

    public async Task HandleAsync(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/";
        var question = raw.IndexOf('?');
        var path = question < 0 ? raw : raw[..question];
        var method = context.Request.Method;
        var query = context.Request.Query;

        if (aclToken is not null)
        {
            var token = context.Request.Headers["X-Consul-Token"].ToString();
            token = token.Length > 0 ? token : query["token"].ToString();
            if (token != aclToken)
            {
                await TextAsync(context, 403, token.Length == 0 ? "Permission denied: anonymous token lacks permission" : "ACL not found");
                return;
            }
        }

        if (Route(path, "/v1/agent/service/register") is not null)
        {
            await OnlyPut(context, method, () => RegisterAsync(context));
        }
        else if (Route(path, "/v1/agent/service/deregister/") is { } serviceId)
        {
            await OnlyPut(context, method, () => agent.Deregister(serviceId)
                ? TextAsync(context, 200, string.Empty)
                : TextAsync(context, 404, $"Unknown service ID \"{serviceId}\". Ensure that the service ID is passed, not the service name."));
        }
        else if (CheckUpdate(path) is { } update)
        {
            await OnlyPut(context, method, () =>
            {
                var (status, body) = agent.UpdateCheck(update.CheckId, update.Status, query["note"].ToString());
                return TextAsync(context, status, body);
            });
        }
        else if (Route(path, "/v1/health/service/") is { } name && method == "GET")
        {
            await HealthAsync(context, name);
        }
        else if (path == "/v1/agent/services" && method == "GET")
        {
            await JsonAsync(context, 200, agent.Services().ToDictionary(s => s.ID, s => (object)FakeConsulJson.Service(s)), index: null);
        }
        else if (path == "/v1/agent/checks" && method == "GET")
        {
            await JsonAsync(context, 200, agent.Checks().ToDictionary(c => c.CheckID, c => (object)FakeConsulJson.Check(c)), index: null);
        }
        else if (path == "/v1/status/leader" && method == "GET")
        {
            await JsonAsync(context, 200, "127.0.0.1:8300", index: null);
        }
        else
        {
            await TextAsync(context, 404, string.Empty);
        }
    }

    private static string? Route(string path, string prefix)
    {
        if (!path.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = Uri.UnescapeDataString(path[prefix.Length..]);
        return prefix.EndsWith('/') && rest.Length == 0 ? null : rest;
    }

    private static (string CheckId, string Status)? CheckUpdate(string path)
    {
        foreach (var (verb, status) in new[] { ("pass", FakeConsulAgent.Passing), ("warn", FakeConsulAgent.Warning), ("fail", FakeConsulAgent.Critical) })
        {
            if (Route(path, $"/v1/agent/check/{verb}/") is { } checkId)
            {
                return (checkId, status);
            }
        }

        return null;
    }

    private static Task OnlyPut(HttpContext context, string method, Func<Task> handle) =>
        method == "PUT" ? handle() : TextAsync(context, 405, $"method {method} not allowed");

    private async Task RegisterAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var definition = FakeConsulDefinition.Read(await reader.ReadToEndAsync(context.RequestAborted), out var error);
        if (definition is null)
        {
            await TextAsync(context, 400, error);
            return;
        }

        var replace = context.Request.Query.TryGetValue("replace-existing-checks", out var value) && (value.ToString() is "" or "true");
        agent.Register(definition, replace);
        await TextAsync(context, 200, string.Empty);
    }

    private async Task HealthAsync(HttpContext context, string name)
    {
        var query = context.Request.Query;
        var passing = query.TryGetValue("passing", out var passingText) && (passingText.ToString() is "" || (bool.TryParse(passingText, out var flag) && flag));
        long minIndex = 0;
        if (query.TryGetValue("index", out var indexText) && !long.TryParse(indexText, NumberStyles.None, CultureInfo.InvariantCulture, out minIndex))
        {
            await TextAsync(context, 400, "Invalid index");
            return;
        }

        var wait = DefaultWait;
        if (query.TryGetValue("wait", out var waitText) && !FakeConsulDuration.TryParse(waitText, out wait))
        {
            await TextAsync(context, 400, "Invalid wait time");
            return;
        }

        wait = wait > MaxWait ? MaxWait : wait;
        wait += TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * wait.TotalMilliseconds / 16);
        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, agent.Stopped);
        (IReadOnlyList<FakeConsulHealthEntry> Entries, long Index) answer;
        try
        {
            answer = await agent.HealthAsync(name, passing, minIndex, wait, aborted.Token);
        }
        catch (OperationCanceledException)
        {
            // The agent stopped (or the client left): the connection drops, as when an agent dies.
            context.Abort();
            return;
        }

        await JsonAsync(context, 200, answer.Entries.Select(FakeConsulJson.Entry).ToList(), answer.Index);
    }

    private static Task TextAsync(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(body);
    }

    private static Task JsonAsync(HttpContext context, int status, object body, long? index)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        if (index is { } at)
        {
            context.Response.Headers["X-Consul-Index"] = at.ToString(CultureInfo.InvariantCulture);
            context.Response.Headers["X-Consul-KnownLeader"] = "true";
            context.Response.Headers["X-Consul-LastContact"] = "0";
        }

        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
