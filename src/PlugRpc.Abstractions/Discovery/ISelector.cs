namespace PlugRpc.Discovery;

/// <summary>
/// Load balancing: picks the instance for one attempt among the candidates the instance filters left. Each client
/// gets a selector of its own. It is told when the view changes (build what it needs once, pick many times) and of
/// each attempt's start and end (<see cref="IAttemptObserver"/>).
/// </summary>
public interface ISelector : IAttemptObserver
{
    /// <summary>Called once per new view, before the first pick among its instances.</summary>
    void OnViewChanged(InstanceView view)
    {
    }

    /// <summary>
    /// Picks one of <paramref name="candidates"/> (never empty; all from the current view, in its order). Called
    /// concurrently.
    /// </summary>
    InstanceState Select(IReadOnlyList<InstanceState> candidates, ClientCallContext context);
}
