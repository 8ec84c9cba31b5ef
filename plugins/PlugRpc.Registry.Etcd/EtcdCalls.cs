using System.Diagnostics;
using Grpc.Core;

namespace PlugRpc.Registry.Etcd;

using RpcException = Grpc.Core.RpcException;

/// <summary>
/// Runs one etcd request with a deadline on every attempt, trying again while etcd is briefly unavailable (a leader
/// election, a member restarting) for at most <see cref="EtcdSettings.UnreachableAfter"/>, then saying why in one line.
/// </summary>
internal sealed class EtcdCalls(EtcdSettings settings)
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan LongestBackoff = TimeSpan.FromMilliseconds(400);

    /// <param name="what">What the request does, for messages ("listing 'arith'").</param>
    /// <param name="attempt">One attempt, given its deadline.</param>
    /// <exception cref="Discovery.RegistryException">Unreachable for too long, or refused.</exception>
    public async Task<T> RunAsync<T>(string what, Func<DateTime, CancellationToken, Task<T>> attempt, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var backoff = FirstBackoff;
        while (true)
        {
            try
            {
                return await attempt(DateTime.UtcNow + settings.AttemptTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }
            catch (RpcException ex) when (EtcdErrors.IsTransient(ex))
            {
                if (Stopwatch.GetElapsedTime(started) + backoff >= settings.UnreachableAfter)
                {
                    throw EtcdErrors.Unreachable(settings, what, ex);
                }
            }
            catch (RpcException ex)
            {
                throw EtcdErrors.Refused(settings, what, ex);
            }

            await Task.Delay(backoff, cancellationToken).ConfigureAwait(false);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, LongestBackoff.Ticks));
        }
    }
}
