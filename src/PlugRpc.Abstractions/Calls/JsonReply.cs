namespace PlugRpc;

/// <summary>The answer to a <see cref="JsonCall"/>: the response as JSON text and the metadata the server sent back.</summary>
public sealed record JsonReply(string ResponseJson, Metadata? Metadata);
