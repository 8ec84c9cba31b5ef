using System.Globalization;

namespace PlugRpc.Bench;

/// <summary>The bench's command line.</summary>
internal sealed record BenchArguments
{
    public const string Usage = """
        usage:
          PlugRpc.Bench [--duration 10] [--warmup 3] [--repeat 1] [--json results.json]
                        [--contenders plugrpc-tcp,plugrpc-governed,plugrpc-unix,plugrpc-protobuf,grpc,floor,streamjsonrpc]
                        [--workloads add,echo1k,echo64k] [--concurrency 1,16,128,128x4]
          PlugRpc.Bench --micro [BenchmarkDotNet arguments]     the pieces: header, frame, dispatch, codecs
          PlugRpc.Bench --serve <plugrpc|grpc|floor|streamjsonrpc> --address <address>   (started by the bench)
        """;

    public double DurationSeconds { get; init; } = 10;

    public double WarmupSeconds { get; init; } = 3;

    /// <summary>How many times each row is measured; the row reported is the median by calls/s.</summary>
    public int Repeat { get; init; } = 1;

    public string? JsonPath { get; init; }

    public IReadOnlyList<string>? Contenders { get; init; }

    public IReadOnlyList<string>? Workloads { get; init; }

    public IReadOnlyList<string>? Concurrency { get; init; }

    public string? Serve { get; init; }

    public string? Address { get; init; }

    public static BenchArguments Parse(string[] args)
    {
        var parsed = new BenchArguments();
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            parsed = args[i] switch
            {
                "--duration" => parsed with { DurationSeconds = Seconds(value) },
                "--warmup" => parsed with { WarmupSeconds = Seconds(value) },
                "--repeat" => parsed with { Repeat = Count(value) },
                "--json" => parsed with { JsonPath = value },
                "--contenders" => parsed with { Contenders = value.Split(',') },
                "--workloads" => parsed with { Workloads = value.Split(',') },
                "--concurrency" => parsed with { Concurrency = value.Split(',') },
                "--serve" => parsed with { Serve = value },
                "--address" => parsed with { Address = value },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
            i++;
        }

        return parsed;
    }

    private static int Count(string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) && count >= 1
            ? count
            : throw new ArgumentException($"'{value}' is not a count of at least 1");

    private static double Seconds(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0
            ? seconds
            : throw new ArgumentException($"'{value}' is not a number of seconds");
}
