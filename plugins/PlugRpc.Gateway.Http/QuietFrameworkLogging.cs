using Microsoft.Extensions.Logging;

namespace PlugRpc.Gateway.Http;

/// <summary>
/// The host's logging for the gateway's web application, with ASP.NET Core's own categories (a line per request,
/// start-up notes) kept to warnings and above: the gateway logs what an operator needs itself.
/// </summary>
internal sealed class QuietFrameworkLogging(ILoggerFactory host) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName)
    {
        var logger = host.CreateLogger(categoryName);
        return categoryName.StartsWith("Microsoft.", StringComparison.Ordinal) ? new WarningsOnly(logger) : logger;
    }

    public void AddProvider(ILoggerProvider provider) => host.AddProvider(provider);

    /// <summary>The host owns its logging: the web application does not dispose it.</summary>
    public void Dispose()
    {
    }

    private sealed class WarningsOnly(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning && inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
