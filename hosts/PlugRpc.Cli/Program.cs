using System.CommandLine;
using PlugRpc.Cli;

// plugrpc: calls, pings, health-checks and benchmarks PlugRpc or go-rpc servers from the command line. Exit codes:
// 0 done, 1 a call failed (or a check is not SERVING), 2 a mistake in the command line or the config (one line on stderr).
var parsed = CliCommandLine.Build().Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
if (parsed.Action is not { ClearsParseErrors: true } && UsageErrors.Describe(parsed) is { } problem)
{
    Console.Error.WriteLine($"plugrpc: {problem} (try --help)");
    return 2;
}

// Watch handles Ctrl+C itself, and every command's errors are worded by CliRun.
return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false });
