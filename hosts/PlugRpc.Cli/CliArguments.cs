using PlugRpc.Plugins;
using PlugRpc.Transport;

namespace PlugRpc.Cli;

/// <summary>
/// The command line, checked: a command, the addresses to use (none takes the config's), the method and request
/// for call and bench, the service for health, and the options after them. Every mistake is a <see cref="UsageException"/>.
/// Help is <see cref="CliUsage"/>'s.
/// </summary>
internal sealed record CliArguments(
    string Command,
    IReadOnlyList<string> Addresses,
    string? Method,
    string? RequestJson,
    string Config,
    TimeSpan? Timeout,
    string? Codec,
    string? Compress,
    string? Auth,
    IReadOnlyList<KeyValuePair<string, string>> Metadata,
    int Count,
    TimeSpan Duration,
    int Concurrency,
    bool Json,
    string? Registry,
    string? AppKey,
    bool Verbose = false,
    string? Service = null)
{
    private static readonly string[] AllCommands = ["call", "ping", "bench", "health", "list", "watch"];
    private static readonly string[] Calling = ["call", "bench", "health"];
    private static readonly string[] Discovering = ["list", "watch"];

    /// <summary>Which commands take each option; all but the flags (--json, --verbose) take a value.</summary>
    private static readonly Dictionary<string, string[]> Options = new(StringComparer.Ordinal)
    {
        ["--address"] = ["call", "ping", "bench", "health"],
        ["--registry"] = AllCommands,
        ["--app"] = AllCommands,
        ["--config"] = AllCommands,
        ["--timeout"] = AllCommands,
        ["--codec"] = AllCommands,
        ["--compress"] = ["call", "bench"],
        ["--auth"] = Calling,
        ["--metadata"] = Calling,
        ["--count"] = ["ping"],
        ["--duration"] = ["bench"],
        ["--concurrency"] = ["bench"],
        ["--json"] = ["bench"],
        ["--verbose"] = ["call"],
    };

    public static CliArguments Parse(string[] args)
    {
        var command = args.Length > 0 ? args[0] : throw new UsageException("no command given");
        if (!AllCommands.Contains(command))
        {
            throw new UsageException($"unknown command '{command}' (the commands are {string.Join(", ", AllCommands)})");
        }

        var positional = new List<string>();
        var addresses = new List<string>();
        var metadata = new List<KeyValuePair<string, string>>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var json = false;
        var verbose = false;
        for (var i = 1; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                positional.Add(arg);
                continue;
            }

            if (!Options.TryGetValue(arg, out var commands))
            {
                throw new UsageException($"unknown option {arg}");
            }

            if (!commands.Contains(command))
            {
                throw new UsageException($"{arg} is not an option of {command}");
            }

            if (arg is "--json" or "--verbose")
            {
                json |= arg == "--json";
                verbose |= arg == "--verbose";
                continue;
            }

            var value = i + 1 < args.Length ? args[++i] : throw new UsageException($"{arg} needs a value");
            switch (arg)
            {
                case "--address":
                    addresses.AddRange(SplitAddresses(value));
                    break;
                case "--metadata":
                    metadata.Add(MetadataPair(value));
                    break;
                default:
                    values[arg] = value;
                    break;
            }
        }

        string? service = null;
        var (method, request) = command == "health" ? (null, null) : TakeCall(command, positional, addresses);
        if (command == "health")
        {
            service = TakeHealth(positional, addresses);
        }

        var registry = values.GetValueOrDefault("--registry");
        var appKey = values.GetValueOrDefault("--app");
        if (registry is not null && addresses.Count > 0)
        {
            throw new UsageException("give either addresses or --registry, not both");
        }

        return new CliArguments(
            command,
            addresses,
            method,
            request,
            values.GetValueOrDefault("--config", "plugins.json"),
            values.TryGetValue("--timeout", out var timeout) ? PositiveDuration("--timeout", timeout) : null,
            values.GetValueOrDefault("--codec"),
            values.GetValueOrDefault("--compress"),
            values.GetValueOrDefault("--auth"),
            metadata,
            values.TryGetValue("--count", out var count) ? PositiveNumber("--count", count) : 1,
            values.TryGetValue("--duration", out var duration) ? PositiveDuration("--duration", duration) : TimeSpan.FromSeconds(10),
            values.TryGetValue("--concurrency", out var concurrency) ? PositiveNumber("--concurrency", concurrency, 100_000) : 64,
            json,
            registry,
            appKey,
            verbose,
            service);
    }

    /// <summary>health's positional arguments: the addresses first when they look like addresses, then at most a service name.</summary>
    private static string? TakeHealth(List<string> positional, List<string> addresses)
    {
        if (positional.Count > 0 && positional[0].Contains("://", StringComparison.Ordinal))
        {
            addresses.InsertRange(0, SplitAddresses(positional[0]));
            positional.RemoveAt(0);
        }

        return positional.Count switch
        {
            0 => null,
            1 when !positional[0].Contains("://", StringComparison.Ordinal) => positional[0],
            _ => throw new UsageException($"health takes [ADDRESSES] [SERVICE], got {string.Join(" ", positional)}"),
        };
    }

    /// <summary>
    /// Reads the positional arguments: call and bench take Service.Method and JSON, each command may put the
    /// addresses first. They join any given with --address.
    /// </summary>
    private static (string? Method, string? Request) TakeCall(string command, List<string> positional, List<string> addresses)
    {
        if (Discovering.Contains(command))
        {
            return positional.Count == 0 ? (null, null) : throw new UsageException($"{command} takes no arguments but --registry URL --app KEY, got '{positional[0]}'");
        }

        var expected = command == "ping" ? 0 : 2;
        if (positional.Count == expected + 1)
        {
            addresses.InsertRange(0, SplitAddresses(positional[0]));
            positional.RemoveAt(0);
        }
        else if (positional.Count != expected)
        {
            var what = command == "ping" ? "at most one argument (the addresses)" : "[ADDRESSES] Service.Method JSON";
            throw new UsageException($"{command} takes {what}, got {positional.Count} arguments");
        }

        if (command == "ping")
        {
            return (null, null);
        }

        var method = positional[0];
        if (method.Contains("://", StringComparison.Ordinal))
        {
            throw new UsageException($"{command} needs Service.Method and JSON after the addresses");
        }

        var dot = method.LastIndexOf('.');
        if (dot <= 0 || dot == method.Length - 1)
        {
            throw new UsageException($"'{method}' is not of the form Service.Method");
        }

        return (method, positional[1]);
    }

    private static IEnumerable<string> SplitAddresses(string text)
    {
        foreach (var address in text.Split(',', StringSplitOptions.TrimEntries))
        {
            yield return RpcAddress.TryParse(address, out _, out var error) ? address : throw new UsageException(error);
        }
    }

    private static KeyValuePair<string, string> MetadataPair(string text)
    {
        var equals = text.IndexOf('=');
        return equals > 0
            ? new(text[..equals], text[(equals + 1)..])
            : throw new UsageException($"--metadata '{text}' is not key=value");
    }

    private static TimeSpan PositiveDuration(string option, string text) =>
        DurationJsonConverter.TryParse(text, out var parsed) && parsed > TimeSpan.Zero
            ? parsed
            : throw new UsageException($"{option} '{text}' is not a positive duration such as 500ms or 2s");

    private static int PositiveNumber(string option, string text, int max = int.MaxValue) =>
        int.TryParse(text, out var n) && n > 0 && n <= max
            ? n
            : throw new UsageException(max == int.MaxValue
                ? $"{option} '{text}' is not a positive number"
                : $"{option} '{text}' is not a number from 1 to {max}");
}
