namespace PlugRpc.Cli;

/// <summary>
/// `watch`: the app key's instances, then each change as it comes (+ joined, - left, ~ metadata changed) and each
/// change of the registry's reachability, until Ctrl+C.
/// </summary>
internal static class WatchCommand
{
    private static readonly TimeSpan Look = TimeSpan.FromMilliseconds(50);

    public static async Task<int> RunAsync(CliClient client)
    {
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };

        var rpc = client.Rpc;
        var shown = new Dictionary<string, string>(StringComparer.Ordinal);
        var reachable = true;
        try
        {
            await rpc.Listed.WaitAsync(stop.Token);
            Console.WriteLine($"watching {rpc.Discovery.Origin} (Ctrl+C to stop)");
            while (!stop.IsCancellationRequested)
            {
                Show(rpc.Instances, shown);
                if (rpc.Discovery.Reachable != reachable)
                {
                    reachable = rpc.Discovery.Reachable;
                    Console.WriteLine(reachable ? $"{Now()} registry reachable again" : $"{Now()} registry unreachable: {rpc.Discovery.Problem}");
                }

                await Task.Delay(Look, stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C.
        }

        return 0;
    }

    private static void Show(IReadOnlyList<Discovery.InstanceState> instances, Dictionary<string, string> shown)
    {
        var now = instances.ToDictionary(i => i.Address, InstanceLine.Of, StringComparer.Ordinal);
        foreach (var (address, line) in now)
        {
            if (!shown.TryGetValue(address, out var before))
            {
                Console.WriteLine($"{Now()} + {line}");
            }
            else if (before != line)
            {
                Console.WriteLine($"{Now()} ~ {line}");
            }
        }

        foreach (var address in shown.Keys.Where(a => !now.ContainsKey(a)).ToList())
        {
            Console.WriteLine($"{Now()} - {address}");
        }

        shown.Clear();
        foreach (var (address, line) in now)
        {
            shown[address] = line;
        }
    }

    private static string Now() => DateTime.Now.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture);
}
