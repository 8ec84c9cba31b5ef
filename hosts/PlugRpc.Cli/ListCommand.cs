namespace PlugRpc.Cli;

/// <summary>`list`: the app key's instances in the registry, one line each; a note on stderr when the registry is unreachable and the list is cached.</summary>
internal static class ListCommand
{
    public static async Task<int> RunAsync(CliClient client)
    {
        var rpc = client.Rpc;
        try
        {
            await rpc.Listed.WaitAsync(rpc.RequestTimeout);
        }
        catch (TimeoutException)
        {
            Console.Error.WriteLine($"plugrpc: Unavailable: {rpc.Discovery.Origin}: the registry has not answered within {rpc.RequestTimeout.TotalSeconds:0.###} s");
            return 1;
        }

        var instances = rpc.Instances;
        foreach (var instance in instances)
        {
            Console.WriteLine(InstanceLine.Of(instance));
        }

        if (!rpc.Discovery.Reachable)
        {
            Console.Error.WriteLine($"plugrpc: the registry is unreachable: {rpc.Discovery.Problem}");
            return instances.Count > 0 ? 0 : 1;
        }

        if (instances.Count == 0)
        {
            Console.Error.WriteLine($"plugrpc: {rpc.NoInstancesReason}");
        }

        return 0;
    }
}
