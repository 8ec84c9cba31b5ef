using System.Text;
using Autofac;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using PlugRpc.Diagnostics;
using PlugRpc.Http;

namespace PlugRpc.Gateway.Http.Dashboard;

/// <summary>
/// The live dashboard on the gateway's port: GET /dashboard (one self-contained page), /dashboard/events (the
/// process overview as server-sent events, one a second) and /dashboard/data (the overview now, as JSON), from the
/// host's <see cref="IProcessOverview"/>; each behind <see cref="DashboardAccess"/>.
/// </summary>
internal static class DashboardEndpoints
{
    private const string PageResource = "PlugRpc.Gateway.Http.Dashboard.dashboard.html";
    private static readonly TimeSpan EventInterval = TimeSpan.FromSeconds(1);
    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();

    public static void Map(WebApplication app, IComponentContext container)
    {
        var overview = container.TryResolve<IProcessOverview>(out var found) ? found : null;
        var access = new DashboardAccess([.. container.Resolve<IEnumerable<IAccessTokens>>()]);
        var page = ReadPage();
        var stopping = app.Lifetime.ApplicationStopping;

        app.MapGet("/dashboard", context => Guarded(context, access, overview, async () =>
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.Headers.ContentSecurityPolicy =
                "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'";
            context.Response.ContentLength = page.Length;
            await context.Response.Body.WriteAsync(page, context.RequestAborted).ConfigureAwait(false);
        }));
        app.MapGet("/dashboard/data", context => Guarded(context, access, overview, async () =>
        {
            var json = DashboardJson.Of(overview!.Read());
            context.Response.ContentType = "application/json; charset=utf-8";
            context.Response.ContentLength = json.Length;
            await context.Response.Body.WriteAsync(json, context.RequestAborted).ConfigureAwait(false);
        }));
        app.MapGet("/dashboard/events", context => Guarded(context, access, overview, () => StreamAsync(context, overview!, stopping)));
    }

    /// <summary>One event now and one a second after, until the caller goes or the gateway stops.</summary>
    private static async Task StreamAsync(HttpContext context, IProcessOverview overview, CancellationToken stopping)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        using var timer = new PeriodicTimer(EventInterval);
        var body = context.Response.Body;
        try
        {
            await body.WriteAsync("retry: 2000\n\n"u8.ToArray(), ending.Token).ConfigureAwait(false);
            do
            {
                await body.WriteAsync(DataPrefix, ending.Token).ConfigureAwait(false);
                await body.WriteAsync(DashboardJson.Of(overview.Read()), ending.Token).ConfigureAwait(false);
                await body.WriteAsync(EventEnd, ending.Token).ConfigureAwait(false);
                await body.FlushAsync(ending.Token).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(ending.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // The caller went away or the gateway stops: the stream just ends.
        }
        catch (IOException)
        {
            // The connection broke mid-write.
        }
    }

    private static Task Guarded(HttpContext context, DashboardAccess access, IProcessOverview? overview, Func<Task> serve)
    {
        context.Response.Headers.CacheControl = "no-store";
        if (access.RefusalFor(context) is { } refusal)
        {
            if (refusal.Status == StatusCodes.Status401Unauthorized)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
            }

            return PlainAsync(context, refusal.Status, refusal.Message);
        }

        return overview is null
            ? PlainAsync(context, StatusCodes.Status404NotFound, "dashboard: this process registers no overview to show (a PlugRpc host does)")
            : serve();
    }

    private static async Task PlainAsync(HttpContext context, int status, string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
    }

    private static byte[] ReadPage()
    {
        using var stream = typeof(DashboardEndpoints).Assembly.GetManifestResourceStream(PageResource)
            ?? throw new InvalidOperationException($"the gateway's assembly lacks its resource {PageResource}");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
