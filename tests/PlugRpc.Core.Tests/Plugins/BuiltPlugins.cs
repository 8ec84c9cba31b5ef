using System.Diagnostics;

namespace PlugRpc.Core.Tests.Plugins;

/// <summary>
/// Builds, once per test run, the plugins a third party would write: the stamp filter against this build's
/// PlugRpc.Abstractions, and the same plugin against a PlugRpc.Abstractions 9.1 (an incompatible contracts
/// version), and a codec with a DLL of its own (whole, without that DLL, and with it broken). Each is built from a
/// copy outside the repository, with the two DLLs it may reference and nothing else.
/// </summary>
public sealed class BuiltPlugins : IAsyncLifetime
{
    public string Root { get; } = Directory.CreateTempSubdirectory("plugrpc-plugins-").FullName;

    public string PluginsDirectory => Path.Combine(Root, "plugins");

    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The text codec's folder, its dependency ThirdParty.TextHelper.dll beside it.</summary>
    public string TextCodecFolder => Path.Combine(PluginsDirectory, "ThirdParty.TextCodec");

    /// <summary>The text codec without its dependency's DLL.</summary>
    public string TextCodecMissingFolder => Path.Combine(PluginsDirectory, "ThirdParty.TextCodec.Missing");

    /// <summary>The text codec with a dependency DLL that is not an assembly.</summary>
    public string TextCodecBrokenFolder => Path.Combine(PluginsDirectory, "ThirdParty.TextCodec.Broken");

    public static string ArtifactsPlugins => Path.Combine(RepoRoot, "artifacts", "plugins");

    public static string SampleServices => Path.Combine(RepoRoot, "artifacts", "services", "PlugRpc.Samples.Arith", "PlugRpc.Samples.Arith.dll");

    public async Task InitializeAsync()
    {
        var fixtureSource = Path.Combine(RepoRoot, "tests", "fixtures", "ThirdPartyFilterPlugin");
        var fixture = Copy(fixtureSource, Path.Combine(Root, "src", "stamp"), skipBuildOutput: true);
        var oldFixture = Copy(fixtureSource, Path.Combine(Root, "src", "stamp-old"), skipBuildOutput: true);
        var oldContracts = Path.Combine(Root, "src", "contracts-9.1");
        Copy(Path.Combine(RepoRoot, "src", "PlugRpc.Abstractions"), oldContracts, skipBuildOutput: true);
        File.Delete(Path.Combine(oldContracts, "PlugRpc.Abstractions.csproj"));
        await File.WriteAllTextAsync(Path.Combine(oldContracts, "OldContracts.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <RootNamespace>PlugRpc</RootNamespace>
                <AssemblyName>PlugRpc.Abstractions</AssemblyName>
                <AssemblyVersion>9.1.0.0</AssemblyVersion>
              </PropertyGroup>
              <ItemGroup>
                <Reference Include="Autofac"><HintPath>{Here("Autofac.dll")}</HintPath></Reference>
                <Reference Include="Microsoft.Extensions.Logging.Abstractions"><HintPath>{Here("Microsoft.Extensions.Logging.Abstractions.dll")}</HintPath></Reference>
              </ItemGroup>
            </Project>
            """);

        var stamp = BuildAsync(Path.Combine(fixture, "ThirdPartyFilterPlugin.csproj"), Path.Combine(PluginsDirectory, "ThirdParty.StampFilter"), Here("PlugRpc.Abstractions.dll"));
        await BuildAsync(Path.Combine(oldContracts, "OldContracts.csproj"), Path.Combine(Root, "contracts-9.1"));
        var old = BuildAsync(
            Path.Combine(oldFixture, "ThirdPartyFilterPlugin.csproj"),
            Path.Combine(PluginsDirectory, "ThirdParty.OldContracts"),
            Path.Combine(Root, "contracts-9.1", "PlugRpc.Abstractions.dll"),
            "-p:AssemblyName=ThirdParty.OldContracts");
        var textCodec = Copy(Path.Combine(RepoRoot, "tests", "fixtures", "DependentCodecPlugin"), Path.Combine(Root, "src", "text-codec"), skipBuildOutput: true);
        await Task.WhenAll(stamp, old, BuildAsync(Path.Combine(textCodec, "DependentCodecPlugin.csproj"), TextCodecFolder, Here("PlugRpc.Abstractions.dll")));
        Copy(TextCodecFolder, TextCodecMissingFolder);
        File.Delete(Path.Combine(TextCodecMissingFolder, "ThirdParty.TextHelper.dll"));
        Copy(TextCodecFolder, TextCodecBrokenFolder);
        await File.WriteAllTextAsync(Path.Combine(TextCodecBrokenFolder, "ThirdParty.TextHelper.dll"), "this is not an assembly");
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Root, recursive: true);
        return Task.CompletedTask;
    }

    private static string Here(string file) => Path.Combine(AppContext.BaseDirectory, file);

    private static Task BuildAsync(string project, string output, string? abstractions = null, params string[] extra)
    {
        var arguments = new List<string> { "build", project, "-c", "Release", "-o", output, "-nologo", $"-p:AutofacPath={Here("Autofac.dll")}" };
        if (abstractions is not null)
        {
            arguments.Add($"-p:AbstractionsPath={abstractions}");
        }

        return DotnetCommand.RunAsync([.. arguments, .. extra]);
    }

    private static string Copy(string from, string to, bool skipBuildOutput = false)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (skipBuildOutput && (relative.StartsWith("bin", StringComparison.Ordinal) || relative.StartsWith("obj", StringComparison.Ordinal)))
            {
                continue;
            }

            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return to;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PlugRpc.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("no PlugRpc.sln above the test folder");
    }
}

[CollectionDefinition(Name)]
public sealed class BuiltPluginsCollection : ICollectionFixture<BuiltPlugins>
{
    public const string Name = "built plugins";
}
