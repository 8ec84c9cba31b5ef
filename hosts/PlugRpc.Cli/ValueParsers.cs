using System.CommandLine.Parsing;
using PlugRpc.Plugins;
using PlugRpc.Transport;

namespace PlugRpc.Cli;

/// <summary>
/// The CLI's custom value parsers: each reads its option's text and, when it is wrong, adds one error that names the
/// option and the text instead of throwing.
/// </summary>
internal static class ValueParsers
{
    /// <summary>A duration such as 500ms or 2s, above zero.</summary>
    public static TimeSpan? PositiveDuration(ArgumentResult result)
    {
        var text = result.Tokens[^1].Value;
        if (DurationJsonConverter.TryParse(text, out var parsed) && parsed > TimeSpan.Zero)
        {
            return parsed;
        }

        result.AddError($"{NameOf(result)} '{text}' is not a positive duration such as 500ms or 2s");
        return null;
    }

    /// <summary>A whole number from 1 to <paramref name="max"/>.</summary>
    public static Func<ArgumentResult, int> PositiveNumber(int max = int.MaxValue) => result =>
    {
        var text = result.Tokens[^1].Value;
        if (int.TryParse(text, out var n) && n > 0 && n <= max)
        {
            return n;
        }

        result.AddError(max == int.MaxValue
            ? $"{NameOf(result)} '{text}' is not a positive number"
            : $"{NameOf(result)} '{text}' is not a number from 1 to {max}");
        return 0;
    };

    /// <summary>Each k=v of a repeatable option, in order.</summary>
    public static KeyValuePair<string, string>[] KeyValuePairs(ArgumentResult result)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var token in result.Tokens)
        {
            var equals = token.Value.IndexOf('=');
            if (equals <= 0)
            {
                result.AddError($"{NameOf(result)} '{token.Value}' is not key=value");
                return [];
            }

            pairs.Add(new(token.Value[..equals], token.Value[(equals + 1)..]));
        }

        return [.. pairs];
    }

    /// <summary>Each address of a repeatable option, any of its values comma-separated.</summary>
    public static string[] Addresses(ArgumentResult result)
    {
        var addresses = new List<string>();
        foreach (var token in result.Tokens)
        {
            if (!TrySplitAddresses(token.Value, addresses, out var error))
            {
                result.AddError(error);
                return [];
            }
        }

        return [.. addresses];
    }

    /// <summary>Adds the comma-separated addresses of <paramref name="text"/> to <paramref name="addresses"/>, or says which is not one.</summary>
    public static bool TrySplitAddresses(string text, List<string> addresses, out string error)
    {
        foreach (var address in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!RpcAddress.TryParse(address, out _, out error))
            {
                return false;
            }

            addresses.Add(address);
        }

        error = string.Empty;
        return true;
    }

    private static string NameOf(ArgumentResult result) =>
        result.Parent is OptionResult option ? option.Option.Name : result.Argument.Name;
}
