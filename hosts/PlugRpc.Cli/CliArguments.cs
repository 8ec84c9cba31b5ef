using PlugRpc.Plugins;
using PlugRpc.Options;

namespace PlugRpc.Cli;

/// <summary>The command line: a command, its positional arguments, and the options after them.</summary>
internal sealed record CliArguments(string Command, IReadOnlyList<string> Positional, string Config, string? Auth, TimeSpan? Timeout, string? Codec, string? Compress, int Count)
{
    public const string Usage = """
        usage:
          PlugRpc.Cli call <address> <Service.Method> <json> [--auth TOKEN] [--timeout 1s] [--codec msgpack|json|protobuf] [--compress gzip|brotli|lz4|zstd] [--config plugins.json]
          PlugRpc.Cli ping <address> [--count 3] [--timeout 1s] [--config plugins.json]
        """;

    public static CliArguments Parse(string[] args)
    {
        if (args.Length == 0)
        {
            throw new ArgumentException("no command given");
        }

        var positional = new List<string>();
        string config = "plugins.json";
        string? auth = null;
        string? codec = null;
        string? compress = null;
        TimeSpan? timeout = null;
        var count = 1;
        for (var i = 1; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                positional.Add(arg);
                continue;
            }

            if (i + 1 >= args.Length)
            {
                throw new ArgumentException($"{arg} needs a value");
            }

            var value = args[++i];
            switch (arg)
            {
                case "--config":
                    config = value;
                    break;
                case "--auth":
                    auth = value;
                    break;
                case "--codec":
                    codec = value;
                    break;
                case "--compress":
                    compress = value;
                    break;
                case "--timeout":
                    timeout = DurationJsonConverter.TryParse(value, out var parsed) && parsed > TimeSpan.Zero
                        ? parsed
                        : throw new ArgumentException($"--timeout '{value}' is not a positive duration such as 500ms or 2s");
                    break;
                case "--count":
                    count = int.TryParse(value, out var n) && n > 0 ? n : throw new ArgumentException($"--count '{value}' is not a positive number");
                    break;
                default:
                    throw new ArgumentException($"unknown option {arg}");
            }
        }

        var expected = args[0] switch
        {
            "call" => 3,
            "ping" => 1,
            _ => throw new ArgumentException($"unknown command '{args[0]}'"),
        };
        if (positional.Count != expected)
        {
            throw new ArgumentException($"{args[0]} takes {expected} arguments, got {positional.Count}");
        }

        return new CliArguments(args[0], positional, config, auth, timeout, codec, compress, count);
    }
}
