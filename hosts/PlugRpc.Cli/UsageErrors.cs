using System.CommandLine;
using System.CommandLine.Parsing;

namespace PlugRpc.Cli;

/// <summary>
/// The one line that says what is wrong with a command line System.CommandLine has parsed: a missing or unknown
/// command, an option the command does not take (which System.CommandLine would take for an argument), else the first error.
/// </summary>
internal static class UsageErrors
{
    /// <summary>The problem, or null when there is none.</summary>
    public static string? Describe(ParseResult parsed)
    {
        var command = parsed.CommandResult.Command;
        if (command is RootCommand root)
        {
            return parsed.Tokens.Count == 0
                ? "no command given"
                : $"unknown command '{parsed.Tokens[0].Value}' (the commands are {string.Join(", ", root.Subcommands.Select(c => c.Name))})";
        }

        var stray = parsed.CommandResult.Children.OfType<ArgumentResult>().SelectMany(a => a.Tokens).Select(t => t.Value)
            .Concat(parsed.UnmatchedTokens)
            .FirstOrDefault(value => value.StartsWith("--", StringComparison.Ordinal) && value != "--");
        if (stray is not null)
        {
            var elsewhere = command.Parents.OfType<Command>().SelectMany(p => p.Subcommands).SelectMany(c => c.Options).Any(o => o.Name == stray);
            return elsewhere ? $"{stray} is not an option of {command.Name}" : $"unknown option {stray}";
        }

        return parsed.Errors.Count > 0 ? parsed.Errors[0].Message.TrimEnd('.') : null;
    }
}
