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
        Loader loader;
        try
        {
            loader = Loader.CreateFromAssemblyFile(path, SharedTypes, config => config.PreferSharedTypes = true);
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
        LoadDependencies(what, path, loader, assembly);
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

    /// <summary>
    /// Loads every assembly the plugin references, and theirs in its folder, now: a missing or broken dependency
    /// stops start-up naming the plugin and the file, instead of failing the first call that needs it.
    /// </summary>
    private static void LoadDependencies(string what, string path, Loader loader, Assembly assembly)
    {
        var folder = Path.GetDirectoryName(path)!;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { assembly.GetName().Name! };
        var pending = new Queue<Assembly>([assembly]);
        while (pending.TryDequeue(out var current))
        {
            foreach (var reference in current.GetReferencedAssemblies())
            {
                if (!seen.Add(reference.Name!))
                {
                    continue;
                }

                Assembly loaded;
                try
                {
                    loaded = loader.LoadAssembly(reference);
                }
                catch (Exception ex) when (ex is FileNotFoundException or FileLoadException or BadImageFormatException)
                {
                    var file = Path.Combine(folder, reference.Name + ".dll");
                    var where = File.Exists(file) ? file : $"not found in {folder}";
                    throw new PluginLoadException($"{what} at {path}: its dependency {reference.Name} {reference.Version} ({where}) cannot be loaded: {FirstLine(ex.Message)}", ex);
                }

                if (!string.IsNullOrEmpty(loaded.Location) && Path.GetDirectoryName(loaded.Location) is { } directory &&
                    string.Equals(Path.GetFullPath(directory), Path.GetFullPath(folder), StringComparison.Ordinal))
                {
                    pending.Enqueue(loaded);
                }
            }
        }
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end > 0 ? message[..end] : message;
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
