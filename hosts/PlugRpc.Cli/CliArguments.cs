using System.CommandLine;

namespace PlugRpc.Cli;

/// <summary>
/// What the command line asks for, read from a parse that <see cref="CliCommandLine"/> has checked: the command,
/// the addresses (the positional ones, then each --address; none takes the config's), the method and request of
/// call and bench, the service of health, and the options.
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
    public static CliArguments From(ParseResult parsed)
    {
        var positionals = CliPositionals.Read(parsed.CommandResult, out var error) ?? throw new InvalidOperationException(error);
        return new CliArguments(
            parsed.CommandResult.Command.Name,
            [.. positionals.Addresses, .. parsed.GetValue(CliOptions.Address) ?? []],
            positionals.Method,
            positionals.Request,
            parsed.GetValue(CliOptions.Config) ?? "plugins.json",
            parsed.GetValue(CliOptions.Timeout),
            parsed.GetValue(CliOptions.Codec),
            parsed.GetValue(CliOptions.Compress),
            parsed.GetValue(CliOptions.Auth),
            parsed.GetValue(CliOptions.Metadata) ?? [],
            parsed.GetValue(CliOptions.Count),
            parsed.GetValue(CliOptions.Duration) ?? TimeSpan.FromSeconds(10),
            parsed.GetValue(CliOptions.Concurrency),
            parsed.GetValue(CliOptions.Json),
            parsed.GetValue(CliOptions.Registry),
            parsed.GetValue(CliOptions.App),
            parsed.GetValue(CliOptions.Verbose),
            positionals.Service);
    }
}
