using Microsoft.Extensions.Hosting;

namespace PlugRpc.Gateway.Http;

/// <summary>
/// The gateway's web application leaves Ctrl+C and SIGTERM to the host process it runs in, which stops the gateway
/// with everything else, instead of listening for them itself.
/// </summary>
internal sealed class HostOwnedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
