using System.CommandLine;
using System.CommandLine.Parsing;

namespace PlugRpc.Cli;

/// <summary>
/// The positional arguments: call and bench take [ADDRESSES] Service.Method JSON, ping [ADDRESSES], health
/// [ADDRESSES] [SERVICE]. Each is optional to the parser, which fills them left to right, so which is which is read
/// here from how many were given (and, for health, whether the first is an address); ADDRESSES may be comma-separated.
/// </summary>
internal sealed record CliPositionals(IReadOnlyList<string> Addresses, string? Method, string? Request, string? Service)
{
    public static readonly Argument<string?> AddressList = new("ADDRESSES")
    {
        Description = "one address, or several separated by commas (tcp://127.0.0.1:7001,tcp://127.0.0.1:7002); they join any --address and replace the config's client addresses (used when none is given)",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public static readonly Argument<string?> ServiceMethod = new("Service.Method")
    {
        Description = "the method to call, such as ArithService.Add",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public static readonly Argument<string?> RequestJson = new("JSON")
    {
        Description = "the request as JSON, such as {\"A\":1,\"B\":2}",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public static readonly Argument<string?> HealthService = new("SERVICE")
    {
        Description = "the service to check (default: the whole server)",
        Arity = ArgumentArity.ZeroOrOne,
    };

    /// <summary>A validator for a command: adds the error <see cref="Read"/> finds.</summary>
    public static void Validate(CommandResult command)
    {
        if (Read(command, out var error) is null)
        {
            command.AddError(error);
        }
    }

    /// <summary>The command's positional arguments, or null with what is wrong with them.</summary>
    public static CliPositionals? Read(CommandResult command, out string error)
    {
        var name = command.Command.Name;
        var given = command.Command.Arguments.SelectMany(a => command.GetResult(a)?.Tokens ?? []).Select(t => t.Value).ToList();
        if (Assign(name, given, out error) is not var (addresses, method, request, service))
        {
            return null;
        }

        var split = new List<string>();
        return addresses is null || ValueParsers.TrySplitAddresses(addresses, split, out error)
            ? new CliPositionals(split, method, request, service)
            : null;
    }

    /// <summary>Which given argument is which: the addresses (as given), the method and request, the service.</summary>
    private static (string? Addresses, string? Method, string? Request, string? Service)? Assign(string command, List<string> given, out string error)
    {
        error = string.Empty;
        switch (command)
        {
            case "call" or "bench":
                if (given.Count is not (2 or 3))
                {
                    error = $"{command} takes [ADDRESSES] Service.Method JSON, got {given.Count} argument{(given.Count == 1 ? string.Empty : "s")}";
                    return null;
                }

                var method = given[^2];
                if (IsAddress(method))
                {
                    error = $"{command} needs Service.Method and JSON after the addresses";
                    return null;
                }

                var dot = method.LastIndexOf('.');
                if (dot <= 0 || dot == method.Length - 1)
                {
                    error = $"'{method}' is not of the form Service.Method";
                    return null;
                }

                return (given.Count == 3 ? given[0] : null, method, given[^1], null);
            case "health":
                var addresses = given.Count > 0 && IsAddress(given[0]) ? given[0] : null;
                var rest = given.Skip(addresses is null ? 0 : 1).ToList();
                if (rest.Count > 1 || rest.Any(IsAddress))
                {
                    error = $"health takes [ADDRESSES] [SERVICE], got {string.Join(' ', given)}";
                    return null;
                }

                return (addresses, null, null, rest.FirstOrDefault());
            default:
                return (given.FirstOrDefault(), null, null, null);
        }
    }

    private static bool IsAddress(string text) => text.Contains("://", StringComparison.Ordinal);
}
