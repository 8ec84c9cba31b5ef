using System.Diagnostics;

namespace PlugRpc.Server;

/// <summary>
/// What one request records while someone listens: its server span and the current span it replaced on the read
/// loop, and its arrival for the duration metric. Empty (default) when nobody listens.
/// </summary>
internal readonly struct RequestObservation
{
    public RequestObservation(Activity? activity, Activity? previous, long startedAt, bool countedActive, bool knownMethod)
    {
        Activity = activity;
        Previous = previous;
        StartedAt = startedAt;
        CountedActive = countedActive;
        KnownMethod = knownMethod;
    }

    public Activity? Activity { get; }

    /// <summary>The read loop's current span before the request's was made current.</summary>
    public Activity? Previous { get; }

    /// <summary>When the request arrived (<see cref="Stopwatch.GetTimestamp"/>) if its metrics are recorded; 0 otherwise.</summary>
    public long StartedAt { get; }

    public bool CountedActive { get; }

    /// <summary>Whether the server has the method: else its measurements say <c>_OTHER</c>, so that no caller makes new series.</summary>
    public bool KnownMethod { get; }

    public bool IsActive => Activity is not null || StartedAt != 0;

    /// <summary>
    /// Gives the read loop its own current span back once the request's handler returned (the method's awaits
    /// captured the request's span as theirs).
    /// </summary>
    public void LeaveReadLoop()
    {
        if (Activity is not null)
        {
            System.Diagnostics.Activity.Current = Previous;
        }
    }
}
