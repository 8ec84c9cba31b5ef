namespace PlugRpc.Cli;

/// <summary>The per-call options the command line asks for: metadata (--metadata, then --auth) and the compressor.</summary>
internal static class CallRequest
{
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
