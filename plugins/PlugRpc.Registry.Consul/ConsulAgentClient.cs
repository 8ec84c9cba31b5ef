using System.Net;
using System.Net.Sockets;
using PlugRpc.Discovery;

namespace PlugRpc.Registry.Consul;

/// <summary>
/// One Consul agent's HTTP API: sends a request with the ACL token and a timeout of its own, and hands back the
/// answer whatever its status. A refused connection, a timeout or a dropped connection becomes a
/// <see cref="RegistryException"/> naming the agent and why.
/// </summary>
internal sealed class ConsulAgentClient : IDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);

    private readonly HttpClient http;
    private readonly string agent;

    public ConsulAgentClient(ConsulSettings settings)
    {
        agent = settings.Agent;
        http = new HttpClient(new SocketsHttpHandler
        {
            ConnectTimeout = ConnectTimeout,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            UseProxy = false,
        })
        {
            BaseAddress = new Uri($"http://{settings.Agent}/"),
            Timeout = Timeout.InfiniteTimeSpan,
        };
        if (settings.Token is not null)
        {
            http.DefaultRequestHeaders.Add("X-Consul-Token", settings.Token);
        }
    }

    /// <exception cref="RegistryException">No answer: the agent cannot be reached, dropped the connection or did not answer within <paramref name="timeout"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<ConsulAnswer> SendAsync(HttpMethod method, string pathAndQuery, HttpContent? content, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var request = new HttpRequestMessage(method, pathAndQuery.TrimStart('/')) { Content = content };
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, deadline.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(deadline.Token).ConfigureAwait(false);
            var index = response.Headers.TryGetValues("X-Consul-Index", out var values) ? values.FirstOrDefault() : null;
            return new ConsulAnswer(response.StatusCode, body, index);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException ex)
        {
            throw new RegistryException($"consul agent {agent} did not answer {method} {Path(pathAndQuery)} within {ConsulDuration.Format(timeout)}", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new RegistryException($"consul agent {agent} cannot be reached ({Why(ex)})", ex);
        }
    }

    public void Dispose() => http.Dispose();

    private static string Path(string pathAndQuery)
    {
        var question = pathAndQuery.IndexOf('?');
        return question < 0 ? pathAndQuery : pathAndQuery[..question];
    }

    private static string Why(HttpRequestException ex)
    {
        for (Exception? inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return socket.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => "connection refused: is the agent running on that port?",
                    SocketError.HostNotFound or SocketError.NoData => "unknown host",
                    SocketError.TimedOut => $"no connection within {ConsulDuration.Format(ConnectTimeout)}",
                    _ => socket.Message,
                };
            }
        }

        return ex.HttpRequestError switch
        {
            HttpRequestError.ResponseEnded => "the agent closed the connection before answering",
            HttpRequestError.ConnectionError when ex.InnerException is TimeoutException or OperationCanceledException => $"no connection within {ConsulDuration.Format(ConnectTimeout)}",
            _ => ex.Message,
        };
    }
}

/// <summary>An agent's answer: status, body, and the X-Consul-Index header of a blocking endpoint (null when absent).</summary>
internal readonly record struct ConsulAnswer(HttpStatusCode Status, string Body, string? Index)
{
    public bool IsSuccess => (int)Status is >= 200 and < 300;

    /// <summary>The body's first line, short, for messages (Consul answers errors as plain text).</summary>
    public string Reason
    {
        get
        {
            var line = Body.Split('\n', 2)[0].Trim();
            line = line.Length > 200 ? line[..200] + "…" : line;
            return line.Length == 0 ? $"{(int)Status} {Status}" : $"{(int)Status} {line}";
        }
    }
}
