using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using PlugRpc.Discovery;

namespace PlugRpc.Core.Tests.Discovery;

/// <summary>An IRegistry whose answers a test scripts, recording what it was asked: for unit tests of Core's policy around a registry.</summary>
internal sealed class ScriptedRegistry : IRegistry
{
    public RegistryAddress Address { get; } = RegistryAddress.Parse("scripted://test/base");

    /// <summary>Answers ListAsync; by default an empty list, and a wait that lasts until cancelled.</summary>
    public Func<RegistryListing?, CancellationToken, Task<RegistryListing>> List { get; set; } = async (after, ct) =>
    {
        if (after is not null)
        {
            await Task.Delay(Timeout.Infinite, ct);
        }

        return new RegistryListing([]);
    };

    public Func<ServiceRegistration, Action, CancellationToken, Task> Hold { get; set; } = async (_, registered, ct) =>
    {
        registered();
        await Task.Delay(Timeout.Infinite, ct).ContinueWith(_ => { }, TaskScheduler.Default);
    };

    public ConcurrentQueue<bool> ListCalls { get; } = new();

    public int Removes;

    public Task<RegistryListing> ListAsync(string appKey, RegistryListing? after, CancellationToken cancellationToken)
    {
        ListCalls.Enqueue(after is null);
        return List(after, cancellationToken);
    }

    public Task HoldAsync(ServiceRegistration registration, Action registered, CancellationToken cancellationToken) =>
        Hold(registration, registered, cancellationToken);

    public Task RemoveAsync(ServiceRegistration registration, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Removes);
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>Keeps the lines logged, to count warnings.</summary>
internal sealed class LineLogger : ILogger
{
    private readonly ConcurrentQueue<string> lines = new();

    public IReadOnlyCollection<string> Lines => lines.ToArray();

    public IEnumerable<string> Warnings => Lines.Where(l => l.StartsWith("Warning", StringComparison.Ordinal));

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        lines.Enqueue($"{logLevel}: {formatter(state, exception)}");
}
