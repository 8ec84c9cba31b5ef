namespace PlugRpc.Client;

/// <summary>A JSON-text call's reply with what came with it, for tools that show more than the reply (e.g. the CLI's call --verbose).</summary>
/// <param name="ResponseJson">The reply as JSON text.</param>
/// <param name="ResponseMetadata">The metadata the server sent back with the reply; null when it sent none.</param>
/// <param name="Address">The instance that answered, when discovery or the selector picked it; null for a call given its address.</param>
/// <param name="Attempts">How many attempts the call took (retries and backup requests count).</param>
public sealed record JsonCallResult(string ResponseJson, Metadata? ResponseMetadata, string? Address, int Attempts);
