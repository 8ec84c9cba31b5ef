namespace PlugRpc.Cli;

/// <summary>The CLI's help: all commands at once (--help), or one command's (COMMAND --help).</summary>
internal static class CliUsage
{
    private const string Common = """
        every command: [--registry URL --app KEY] [--config plugins.json] [--timeout 1s] [--codec msgpack|json|protobuf]
        call, ping, bench, health: [--address scheme://host:port]...
        ADDRESSES: one address, or several separated by commas (tcp://127.0.0.1:7001,tcp://127.0.0.1:7002); they join
        any --address, and replace the addresses of the config's client section (used when none is given).
        --registry URL --app KEY: find the servers in a registry (zookeeper://h:2181/base, etcd://h:2379/prefix,
        consul://h:8500, file:///folder) in place of addresses.
        exit codes: 0 done, 1 a call failed (or a health check is not SERVING), 2 a mistake in the command line or config.
        """;

    private static readonly Dictionary<string, string> Commands = new(StringComparer.Ordinal)
    {
        ["call"] = """
            PlugRpc.Cli call   [ADDRESSES] Service.Method JSON [--verbose] [--auth TOKEN] [--metadata k=v]... [--compress gzip|brotli|lz4|zstd]
              one call; its reply as JSON on stdout. --verbose: the instance that answered, the attempts, the time taken
              and the response's metadata on stderr (rpc_auth shown as ***).
            """,
        ["ping"] = """
            PlugRpc.Cli ping   [ADDRESSES] [--count 3]
              go-rpc's heartbeat to each address (or each instance of the registry), one line per answer.
            """,
        ["bench"] = """
            PlugRpc.Cli bench  [ADDRESSES] Service.Method JSON [--duration 10s] [--concurrency 64] [--json] [--auth TOKEN] [--metadata k=v]... [--compress …]
              keeps --concurrency calls in flight for --duration; every second the calls so far and the rate on stderr,
              at the end calls, failures, calls/s, p50, p99 and calls per instance on stdout (one JSON object with --json).
            """,
        ["health"] = """
            PlugRpc.Cli health [ADDRESSES] [SERVICE] [--auth TOKEN] [--metadata k=v]...
              calls Health.Check (after grpc.health.v1) on each address (or each instance of --registry URL --app KEY)
              for SERVICE, or the whole server without one; one line per instance: ADDRESS STATUS (SERVING,
              NOT_SERVING, SERVICE_UNKNOWN). Exits 0 when every one is SERVING, 1 otherwise.
            """,
        ["list"] = """
            PlugRpc.Cli list   --registry URL --app KEY
              one line per instance of the app key: address, metadata, state.
            """,
        ["watch"] = """
            PlugRpc.Cli watch  --registry URL --app KEY
              the app key's instances, then each change until Ctrl+C.
            """,
    };

    /// <summary>Whether the command line asks for help: as its first word, or after a command.</summary>
    public static bool AsksForHelp(string[] args, out string text)
    {
        bool IsHelp(string arg) => arg is "-h" or "--help" or "help";
        if (args is [var first, ..] && IsHelp(first))
        {
            text = "usage:\n" + string.Concat(Commands.Values.Select(c => "  " + c.Split('\n')[0] + "\n")) + Common + "\nPlugRpc.Cli COMMAND --help: that command in full.";
            return true;
        }

        if (args is [var command, .. var rest] && Commands.TryGetValue(command, out var usage) && rest.Any(a => a is "-h" or "--help"))
        {
            text = "usage:\n  " + usage.Replace("\n", "\n  ", StringComparison.Ordinal) + "\n" + Common;
            return true;
        }

        text = string.Empty;
        return false;
    }
}
