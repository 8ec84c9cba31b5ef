namespace PlugRpc.Discovery;

/// <summary>
/// Told of every attempt of a call on an instance, as it starts and as it ends (grpc-dotnet's call tracker): what
/// selectors and breakers learn from. Called on the call's path: keep it short and never throw.
/// </summary>
public interface IAttemptObserver
{
    void OnAttemptStarted(InstanceState instance)
    {
    }

    void OnAttemptEnded(InstanceState instance, AttemptOutcome outcome)
    {
    }
}
