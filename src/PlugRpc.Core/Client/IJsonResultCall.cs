namespace PlugRpc.Client;

/// <summary>A call whose caller wants the response as JSON text.</summary>
internal interface IJsonResultCall
{
    string? ResponseJson { get; }
}
