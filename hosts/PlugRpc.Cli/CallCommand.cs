using System.Diagnostics;
using System.Globalization;

namespace PlugRpc.Cli;

/// <summary>`call`: one call, its reply printed as JSON; with --verbose, what came with it on stderr.</summary>
internal static class CallCommand
{
    public static async Task<int> RunAsync(CliClient client, CliArguments arguments)
    {
        // With the service's own types (from the assemblies plugins.json lists) every codec can carry the JSON.
        var method = arguments.Method!;
        var call = CallRequest.Of(arguments, arguments.RequestJson!);
        var types = client.TypesOf(method);
        if (!arguments.Verbose)
        {
            Console.WriteLine((await client.Rpc.CallJsonAsync(call, types)).ResponseJson);
            return 0;
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            var reply = await client.Rpc.CallJsonAsync(call, types);
            CallDetails.Write(Console.Error, method, reply, Stopwatch.GetElapsedTime(started));
            Console.WriteLine(reply.ResponseJson);
            return 0;
        }
        catch (RpcException)
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{method} failed after {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0.000} ms"));
            throw;
        }
    }
}
