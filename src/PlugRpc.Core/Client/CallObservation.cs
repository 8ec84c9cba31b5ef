using System.Diagnostics;

namespace PlugRpc.Client;

/// <summary>
/// What a call records about itself while someone listens: its client span, and its start for the duration metric.
/// Kept in the call object (a struct, so a call nobody observes carries it empty and allocates nothing for it).
/// </summary>
internal struct CallObservation
{
    /// <summary>The call's client span; null when it is not traced.</summary>
    public Activity? Activity;

    /// <summary>When the call began (<see cref="Stopwatch.GetTimestamp"/>) if its metrics are recorded; 0 otherwise.</summary>
    public long StartedAt;

    /// <summary>Whether the call was counted in flight, so that its end is too.</summary>
    public bool CountedActive;

    public readonly bool IsActive => Activity is not null || StartedAt != 0;
}
