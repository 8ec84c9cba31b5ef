namespace PlugRpc.Client;

/// <summary>Why an attempt of a call was made, for its trace event and the retries metric.</summary>
internal enum AttemptKind
{
    First,
    Retry,
    Backup,
}
