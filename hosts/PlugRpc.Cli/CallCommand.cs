namespace PlugRpc.Cli;

/// <summary>`call`: one call, its reply printed as JSON.</summary>
internal static class CallCommand
{
    public static async Task<int> RunAsync(CliClient client, CliArguments arguments)
    {
        // With the service's own types (from the assemblies plugins.json lists) every codec can carry the JSON.
        var reply = await client.Rpc.CallJsonAsync(arguments.Method!, arguments.RequestJson!, CallRequest.OptionsOf(arguments), client.TypesOf(arguments.Method!));
        Console.WriteLine(reply);
        return 0;
    }
}
