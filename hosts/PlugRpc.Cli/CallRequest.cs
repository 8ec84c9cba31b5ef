using PlugRpc.Dispatch;

namespace PlugRpc.Cli;

/// <summary>The call the command line asks for: Service.Method, the JSON request, metadata (--metadata, then --auth) and the compressor.</summary>
internal static class CallRequest
{
    public static JsonCall Of(CliArguments arguments, string requestJson)
    {
        var (service, method) = ServiceNaming.Split(arguments.Method!);
        return new JsonCall(service, method, requestJson) { Options = OptionsOf(arguments) };
    }

    public static CallOptions OptionsOf(CliArguments arguments)
    {
        var metadata = new Metadata(arguments.Metadata);
        if (arguments.Auth is { } token)
        {
            metadata[MetadataKeys.Auth] = token;
        }

        return new CallOptions { Metadata = metadata, Compressor = arguments.Compress };
    }
}
