using Microsoft.Extensions.Logging;
using NLog.Config;
using NLog.Extensions.Logging;
using NLog.Targets;

namespace PlugRpc.Hosting;

/// <summary>NLog behind ILogger, writing one line per event to the console.</summary>
public static class RpcLogging
{
    private const string Layout = "${time} ${level:uppercase=true:padding=-5} ${logger:shortName=true}: ${message}${onexception:inner= ${exception:format=ToString}}";

    private const string HostLifetimeLogger = "Microsoft.Extensions.Hosting.Internal.Host";

    public static LoggingConfiguration ConsoleConfiguration(LogLevel minimum)
    {
        var configuration = new LoggingConfiguration();
        var console = new ConsoleTarget("console") { Layout = Layout, StdErr = true };

        // The Generic Host's "Hosting failed to start" comes with a stack trace; the programs say why in one line (StartupErrors).
        configuration.LoggingRules.Add(new LoggingRule(HostLifetimeLogger, NLog.LogLevel.Trace, NLog.LogLevel.Error, new NullTarget()) { Final = true });
        configuration.AddRule(ToNLog(minimum), NLog.LogLevel.Fatal, console);
        return configuration;
    }

    public static ILoggerFactory CreateFactory(LogLevel minimum) =>
        LoggerFactory.Create(builder => builder.ClearProviders().SetMinimumLevel(minimum).AddNLog(ConsoleConfiguration(minimum)));

    private static NLog.LogLevel ToNLog(LogLevel level) => level switch
    {
        LogLevel.Trace => NLog.LogLevel.Trace,
        LogLevel.Debug => NLog.LogLevel.Debug,
        LogLevel.Information => NLog.LogLevel.Info,
        LogLevel.Warning => NLog.LogLevel.Warn,
        LogLevel.Error => NLog.LogLevel.Error,
        LogLevel.Critical => NLog.LogLevel.Fatal,
        _ => NLog.LogLevel.Off,
    };
}
