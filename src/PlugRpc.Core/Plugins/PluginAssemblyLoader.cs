using System.Reflection;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Loader = McMaster.NETCore.Plugins.PluginLoader;

namespace PlugRpc.Plugins;

/// <summary>
/// Loads one plugin or service DLL into its own load context, sharing the contracts, Autofac and the
/// Microsoft.Extensions abstractions with the host so that the plugin's types are the host's.
/// </summary>
internal static class PluginAssemblyLoader
{
    private static readonly Type[] SharedTypes = [typeof(RpcPlugin), typeof(Autofac.Module), typeof(ILogger)];
    private static readonly AssemblyName Contracts = typeof(RpcPlugin).Assembly.GetName();

    /// <param name="what">"plugin 'Name'" or "service assembly", for messages.</param>
    public static Assembly Load(string what, string path, string? sha256)
    {
        if (!File.Exists(path))
        {
            throw new PluginLoadException($"{what} not found: looked for {path}");
        }

        if (sha256 is not null)
        {
            CheckHash(what, path, sha256);
        }

        Assembly assembly;
        try
        {
            var loader = Loader.CreateFromAssemblyFile(path, SharedTypes, config => config.PreferSharedTypes = true);
            assembly = loader.LoadDefaultAssembly();
        }
        catch (BadImageFormatException ex)
        {
            throw new PluginLoadException($"{what} at {path} is not a valid .NET assembly: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is FileLoadException or FileNotFoundException or IOException or InvalidOperationException)
        {
            throw new PluginLoadException($"{what} at {path} failed to load: {ex.Message}", ex);
        }

        CheckContractsVersion(what, path, assembly);
        return assembly;
    }

    public static Type[] TypesOf(string what, string path, Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            var first = ex.LoaderExceptions.FirstOrDefault(e => e is not null)?.Message ?? ex.Message;
            throw new PluginLoadException($"{what} at {path} has types that cannot be loaded: {first}", ex);
        }
    }

    private static void CheckHash(string what, string path, string expected)
    {
        using var file = File.OpenRead(path);
        var actual = Convert.ToHexString(SHA256.HashData(file));
        if (!string.Equals(actual, expected.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            throw new PluginLoadException($"{what} at {path} has SHA-256 {actual.ToLowerInvariant()}, but plugins.json pins {expected.Trim().ToLowerInvariant()}");
        }
    }

    private static void CheckContractsVersion(string what, string path, Assembly assembly)
    {
        var reference = assembly.GetReferencedAssemblies().FirstOrDefault(r => r.Name == Contracts.Name);
        if (reference?.Version is not { } wanted)
        {
            return;
        }

        var host = Contracts.Version!;
        if (wanted.Major != host.Major || wanted.Minor != host.Minor || wanted > host)
        {
            throw new PluginLoadException(
                $"{what} at {path} was built against {Contracts.Name} {wanted}, which this host ({host}) cannot serve: " +
                "the major and minor versions must match and the plugin's must not be newer; rebuild the plugin");
        }
    }
}
