namespace PlugRpc.Discovery;

/// <summary>The instance metadata keys PlugRpc itself reads or writes; registries publish them as they are.</summary>
public static class InstanceMetadataKeys
{
    /// <summary>The server's routing tags, a JSON object of strings (go-rpc's key and form, e.g. <c>{"idc":"lf"}</c>).</summary>
    public const string Tags = "tags";

    /// <summary>The instance's relative weight for the weighted selector, a positive integer (default 1).</summary>
    public const string Weight = "weight";

    /// <summary>The version of the service the instance runs, free text.</summary>
    public const string Version = "version";

    /// <summary>When the instance started, Unix time in milliseconds; selectors ramp a young instance up from it.</summary>
    public const string StartTime = "startTime";
}
