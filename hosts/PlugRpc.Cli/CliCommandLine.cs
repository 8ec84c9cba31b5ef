using System.CommandLine;
using System.CommandLine.Parsing;

namespace PlugRpc.Cli;

/// <summary>
/// The CLI's grammar in System.CommandLine: its six commands, the arguments and options each takes, the checks
/// across them, and the help (with <see cref="HelpNotes"/> after it). Each command's action runs <see cref="CliRun"/>.
/// </summary>
internal static class CliCommandLine
{
    private const string Notes = """
        ADDRESSES (and --address) replace the addresses of the config's client section, which are used when none is given.
        --registry URL --app KEY: find the servers in a registry (zookeeper://h:2181/base, etcd://h:2379/prefix,
        consul://h:8500, file:///folder) in place of addresses.
        exit codes: 0 done, 1 a call failed (or a health check is not SERVING), 2 a mistake in the command line or config.
        """;

    public static RootCommand Build()
    {
        var root = new RootCommand("Calls, pings, health-checks and benchmarks PlugRpc or go-rpc servers, and lists or watches a registry.")
        {
            HelpName = "PlugRpc.Cli",
        };
        HelpNotes.AddTo(root, Notes);

        Argument[] call = [CliPositionals.AddressList, CliPositionals.ServiceMethod, CliPositionals.RequestJson];
        Option[] addressing = [CliOptions.Address, .. CliOptions.Common];
        root.Add(Command(
            "call",
            "[ADDRESSES] Service.Method JSON: one call; its reply as JSON on stdout.",
            call,
            [.. addressing, .. CliOptions.Calling, CliOptions.Compress, CliOptions.Verbose]));
        root.Add(Command(
            "ping",
            "[ADDRESSES]: go-rpc's heartbeat to each address (or each instance of the registry), one line per answer.",
            [CliPositionals.AddressList],
            [.. addressing, CliOptions.Count]));
        root.Add(Command(
            "bench",
            "[ADDRESSES] Service.Method JSON: keeps --concurrency calls in flight for --duration; every second the calls so far and the rate on stderr, at the end calls, failures, calls/s, p50, p99 and calls per instance on stdout (one JSON object with --json).",
            call,
            [.. addressing, .. CliOptions.Calling, CliOptions.Compress, CliOptions.Duration, CliOptions.Concurrency, CliOptions.Json]));
        root.Add(Command(
            "health",
            "[ADDRESSES] [SERVICE]: Health.Check (after grpc.health.v1) on each address (or each instance of the registry) for SERVICE, or the whole server without one; one line per instance: ADDRESS STATUS (SERVING, NOT_SERVING, SERVICE_UNKNOWN). Exits 0 when every one is SERVING, 1 otherwise.",
            [CliPositionals.AddressList, CliPositionals.HealthService],
            [.. addressing, .. CliOptions.Calling]));
        root.Add(Command("list", "--registry URL --app KEY: one line per instance of the app key: address, metadata, state.", [], CliOptions.Common));
        root.Add(Command("watch", "--registry URL --app KEY: the app key's instances, then each change until Ctrl+C.", [], CliOptions.Common));
        return root;
    }

    private static Command Command(string name, string description, Argument[] arguments, Option[] options)
    {
        var command = new Command(name, description);
        foreach (var argument in arguments)
        {
            command.Add(argument);
        }

        foreach (var option in options)
        {
            command.Add(option);
        }

        command.Validators.Add(CliPositionals.Validate);
        command.Validators.Add(NotBothAddressesAndRegistry);
        command.SetAction((parsed, _) => CliRun.RunAsync(CliArguments.From(parsed)));
        return command;
    }

    private static void NotBothAddressesAndRegistry(CommandResult command)
    {
        var addresses = command.GetResult(CliOptions.Address) is not null || CliPositionals.Read(command, out _) is { Addresses.Count: > 0 };
        if (addresses && command.GetResult(CliOptions.Registry) is not null)
        {
            command.AddError("give either addresses or --registry, not both");
        }
    }
}
