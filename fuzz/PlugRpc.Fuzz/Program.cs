using PlugRpc.Fuzz;
using SharpFuzz;

// PlugRpc.Fuzz TARGET                    run TARGET under afl-fuzz (input on stdin, as SharpFuzz passes it)
// PlugRpc.Fuzz TARGET FILE...            run TARGET once on each file: prints what each did, exit 1 if any crashed
// PlugRpc.Fuzz seed TARGET DIR VECTORS   write TARGET's first corpus into DIR from go-rpc's frames in VECTORS
if (args.Length == 0 || (args[0] == "seed" ? args.Length != 4 || !FuzzTargets.All.ContainsKey(args[1]) : !FuzzTargets.All.ContainsKey(args[0])))
{
    Console.Error.WriteLine($"usage: PlugRpc.Fuzz TARGET [FILE...] | seed TARGET DIR VECTORS_DIR; targets: {string.Join(", ", FuzzTargets.All.Keys)}");
    return 2;
}

if (args[0] == "seed")
{
    var written = Corpus.Write(args[1], args[2], args[3]);
    Console.WriteLine($"{args[1]}: {written} seeds in {args[2]}");
    return 0;
}

var target = FuzzTargets.All[args[0]];
if (args.Length == 1)
{
    Fuzzer.OutOfProcess.Run(stream =>
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        target(copy.ToArray());
    });
    return 0;
}

var crashed = 0;
foreach (var file in args.Skip(1))
{
    try
    {
        target(File.ReadAllBytes(file));
        Console.WriteLine($"{file}: handled");
    }
    catch (Exception ex)
    {
        crashed++;
        Console.WriteLine($"{file}: {ex.GetType().Name}: {ex.Message}");
        Console.WriteLine(ex.StackTrace);
    }
}

return crashed == 0 ? 0 : 1;
