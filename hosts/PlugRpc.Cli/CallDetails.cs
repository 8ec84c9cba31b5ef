using System.Globalization;
namespace PlugRpc.Cli;

/// <summary>What `call --verbose` shows beside the reply: who answered, in how many attempts and how fast, and the response's metadata.</summary>
internal static class CallDetails
{
    public static void Write(TextWriter output, string method, JsonReply reply, TimeSpan elapsed)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{method} answered in {elapsed.TotalMilliseconds:0.000} ms (the first call of the process: it dials too)"));
        output.WriteLine($"instance: {reply.Address ?? "the address given"}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"attempts: {reply.Attempts}"));
        var metadata = reply.Metadata;
        if (metadata is null || metadata.Count == 0)
        {
            output.WriteLine("response metadata: none");
            return;
        }

        output.WriteLine("response metadata:");
        foreach (var (key, value) in metadata.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"  {key}: {(key == MetadataKeys.Auth ? "***" : value)}");
        }
    }
}
