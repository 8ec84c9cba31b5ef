using System.CommandLine;

namespace PlugRpc.Cli;

/// <summary>The CLI's options, one instance each, added to the commands that take them (<see cref="CliCommandLine"/>).</summary>
internal static class CliOptions
{
    public static readonly Option<string[]> Address = new("--address")
    {
        Description = "an address to call (scheme://host:port); repeatable, each may be comma-separated; joins ADDRESSES",
        HelpName = "scheme://host:port",
        CustomParser = ValueParsers.Addresses,
    };

    public static readonly Option<string> Registry = new("--registry")
    {
        Description = "find the servers in this registry (zookeeper://h:2181/base, etcd://h:2379/prefix, consul://h:8500, file:///folder) in place of addresses; needs --app",
        HelpName = "URL",
    };

    public static readonly Option<string> App = new("--app")
    {
        Description = "the app key to look up in --registry",
        HelpName = "KEY",
    };

    public static readonly Option<string> Config = new("--config")
    {
        Description = "the plugins.json whose plugins and client section build the client",
        HelpName = "plugins.json",
        DefaultValueFactory = _ => "plugins.json",
    };

    public static readonly Option<TimeSpan?> Timeout = new("--timeout")
    {
        Description = "the request timeout, such as 500ms or 2s (default: the config's client.requestTimeout)",
        HelpName = "duration",
        CustomParser = ValueParsers.PositiveDuration,
    };

    public static readonly Option<string> Codec = new("--codec")
    {
        Description = "the codec to call with (msgpack, json, protobuf; default: the config's client.codec)",
        HelpName = "name",
    };

    public static readonly Option<string> Compress = new("--compress")
    {
        Description = "compress requests with gzip, brotli, lz4 or zstd (a compressor a listed plugin provides)",
        HelpName = "name",
    };

    public static readonly Option<string> Auth = new("--auth")
    {
        Description = "the token to send as rpc_auth metadata",
        HelpName = "TOKEN",
    };

    public static readonly Option<KeyValuePair<string, string>[]> Metadata = new("--metadata")
    {
        Description = "request metadata; repeatable",
        HelpName = "k=v",
        CustomParser = ValueParsers.KeyValuePairs,
    };

    public static readonly Option<int> Count = new("--count")
    {
        Description = "heartbeats to send to each address",
        HelpName = "N",
        DefaultValueFactory = _ => 1,
        CustomParser = ValueParsers.PositiveNumber(),
    };

    public static readonly Option<TimeSpan?> Duration = new("--duration")
    {
        Description = "how long to keep calling, such as 10s (default: 10s)",
        HelpName = "duration",
        CustomParser = ValueParsers.PositiveDuration,
    };

    public static readonly Option<int> Concurrency = new("--concurrency")
    {
        Description = "calls kept in flight (1 to 100000)",
        HelpName = "N",
        DefaultValueFactory = _ => 64,
        CustomParser = ValueParsers.PositiveNumber(100_000),
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "print the result as one JSON object",
    };

    public static readonly Option<bool> Verbose = new("--verbose")
    {
        Description = "on stderr: the instance that answered, the attempts, the time taken and the response's metadata (rpc_auth shown as ***)",
    };

    /// <summary>What every command takes.</summary>
    public static readonly Option[] Common = [Registry, App, Config, Timeout, Codec];

    /// <summary>What the commands that call a server take, beside <see cref="Common"/> and <see cref="Address"/>.</summary>
    public static readonly Option[] Calling = [Auth, Metadata];
}
