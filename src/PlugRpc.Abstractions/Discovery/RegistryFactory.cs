namespace PlugRpc.Discovery;

/// <summary>Opens the registry at a URL of the scheme a plugin registered it under (see <c>RegisterRegistry</c>).</summary>
public sealed class RegistryFactory(Func<RegistryAddress, IRegistry> open)
{
    /// <exception cref="FormatException">The URL does not suit this registry (hosts, path or parameters); one line saying why.</exception>
    public IRegistry Open(RegistryAddress address) => open(address);
}
