namespace PlugRpc.Protocol;

/// <summary>go-rpc's StatusCode header field: only OK or error. The detailed code rides in metadata.</summary>
public enum WireStatus : byte
{
    Ok = 0,
    Error = 1,
}
