using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using PlugRpc.Diagnostics;

namespace PlugRpc.Gateway.Http;

/// <summary>
/// go-rpc's pages GET /view/health, /view/disk, /view/cpu and /view/ram, from the host's figures: the status by
/// level as go-rpc's were (OK 200, WARNING 429, CRITICAL 500), the body its one-line summary as text, or the figures
/// as JSON for a caller that accepts application/json.
/// </summary>
internal static class ViewEndpoints
{
    public static void Map(WebApplication app, IHostFigures figures)
    {
        var view = app.MapGroup("/view");
        view.MapGet("/health", async context =>
        {
            var health = await figures.HealthAsync(context.RequestAborted).ConfigureAwait(false);
            await WriteAsync(context, health, health.Level, health.Summary).ConfigureAwait(false);
        });
        view.MapGet("/disk", context =>
        {
            var disk = figures.Disk();
            return WriteAsync(context, disk, disk.Level, disk.Summary);
        });
        view.MapGet("/cpu", async context =>
        {
            var cpu = await figures.CpuAsync(context.RequestAborted).ConfigureAwait(false);
            await WriteAsync(context, cpu, cpu.Level, cpu.Summary).ConfigureAwait(false);
        });
        view.MapGet("/ram", context =>
        {
            var memory = figures.Memory();
            return WriteAsync(context, memory, memory.Level, memory.Summary);
        });
    }

    public static int StatusOf(FigureLevel level) => level switch
    {
        FigureLevel.Ok => StatusCodes.Status200OK,
        FigureLevel.Warning => StatusCodes.Status429TooManyRequests,
        _ => StatusCodes.Status500InternalServerError,
    };

    private static Task WriteAsync<TFigures>(HttpContext context, TFigures figures, FigureLevel level, string summary)
    {
        var response = context.Response;
        response.StatusCode = StatusOf(level);
        response.Headers.CacheControl = "no-store";
        if (AcceptsJson(context.Request))
        {
            return response.WriteAsJsonAsync(figures, context.RequestAborted);
        }

        response.ContentType = "text/plain; charset=utf-8";
        return response.WriteAsync(summary + "\n", context.RequestAborted);
    }

    private static bool AcceptsJson(HttpRequest request) =>
        request.Headers.Accept.Any(accept => accept?.Contains("application/json", StringComparison.OrdinalIgnoreCase) == true);
}
