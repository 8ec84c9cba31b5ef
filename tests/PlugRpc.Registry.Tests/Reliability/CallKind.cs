namespace PlugRpc.Registry.Tests.Reliability;

/// <summary>The two kinds of call in the load: LedgerService.Read may run twice, LedgerService.Apply must not.</summary>
internal enum CallKind
{
    Read,
    Apply,
}

/// <summary>How one call of the load ended.</summary>
internal enum CallEnd
{
    Right,
    Failed,
    Wrong,
    NeverAnswered,
}
