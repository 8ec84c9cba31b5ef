namespace PlugRpc.Discovery;

/// <summary>A registry could not do what was asked: unreachable, refused, or lost a registration. The message says why in one line.</summary>
public sealed class RegistryException : Exception
{
    public RegistryException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
