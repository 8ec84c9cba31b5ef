namespace PlugRpc;

/// <summary>The answer to a <see cref="JsonCall"/>: the response as JSON text and the metadata the server sent back.</summary>
public sealed record JsonReply(string ResponseJson, Metadata? Metadata)
{
    /// <summary>The instance that answered when discovery or the selector picked it; null in-process or for a call given its address.</summary>
    public string? Address { get; init; }

    /// <summary>How many attempts the call took (retries and backup requests count); 1 in-process.</summary>
    public int Attempts { get; init; } = 1;
}
