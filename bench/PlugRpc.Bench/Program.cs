using BenchmarkDotNet.Running;
using PlugRpc.Bench;
using PlugRpc.Bench.Runner;
using PlugRpc.Bench.Servers;

// PlugRpc against grpc-dotnet, StreamJsonRpc and a raw-socket floor, in one run on one machine.
if (args.Length > 0 && args[0] == "--micro")
{
    BenchmarkSwitcher.FromAssembly(typeof(BenchArguments).Assembly).Run(args[1..]);
    return 0;
}

BenchArguments arguments;
try
{
    arguments = BenchArguments.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"bench: {ex.Message}");
    Console.Error.WriteLine(BenchArguments.Usage);
    return 2;
}

if (arguments.Serve is { } kind)
{
    return await ServerMode.RunAsync(kind, arguments.Address ?? throw new ArgumentException("--serve needs --address"));
}

var rows = await BenchRunner.RunAsync(arguments);
Console.WriteLine();
Console.WriteLine($"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}; {arguments.DurationSeconds} s per row after {arguments.WarmupSeconds} s warm-up");
Console.WriteLine();
Console.WriteLine(Report.Markdown(rows));
if (arguments.JsonPath is { } path)
{
    await File.WriteAllTextAsync(path, Report.Json(rows));
}

return 0;
