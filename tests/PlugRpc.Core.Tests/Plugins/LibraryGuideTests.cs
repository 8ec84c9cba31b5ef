using System.Net;
using System.Net.Sockets;

namespace PlugRpc.Core.Tests.Plugins;

/// <summary>
/// The README's library guide works as written: its two programs, copied out of the README, build against the
/// packages packed from this repository and, run, serve and call over a real socket.
/// </summary>
public sealed class LibraryGuideTests
{
    [Fact]
    public async Task Both_programs_of_the_library_guide_build_against_the_packages_and_answer()
    {
        var root = Directory.CreateTempSubdirectory("plugrpc-library-").FullName;
        try
        {
            var feed = await LocalFeed.PackAsync(
                root,
                "src/PlugRpc.Abstractions/PlugRpc.Abstractions.csproj",
                "src/PlugRpc.Core/PlugRpc.Core.csproj",
                "src/PlugRpc.Hosting/PlugRpc.Hosting.csproj",
                "plugins/PlugRpc.Codec.MessagePack/PlugRpc.Codec.MessagePack.csproj",
                "plugins/PlugRpc.Transport.Tcp/PlugRpc.Transport.Tcp.csproj");
            var programs = await ReadmeSnippets.BlocksAsync("## Using PlugRpc as a library", "csharp");
            Assert.Equal(2, programs.Count);

            var alone = await ProgramAsync(root, "Alone", programs[0], feed, "PlugRpc.Core", "PlugRpc.Codec.MessagePack", "PlugRpc.Transport.Tcp");
            var hosted = await ProgramAsync(root, "Hosted", programs[1], feed, "PlugRpc.Hosting");
            await File.WriteAllTextAsync(Path.Combine(hosted, "plugins.json"), Manifest(FreePort()));

            var aloneOutput = await DotnetCommand.RunAsync(["run", "--project", alone, "-c", "Release"], feed.Environment, alone);
            var hostedOutput = await DotnetCommand.RunAsync(["run", "--project", hosted, "-c", "Release"], feed.Environment, hosted);

            Assert.Contains("Hello, Ada", aloneOutput.Split('\n').Select(l => l.Trim()));
            Assert.Contains("Hello, Ada", hostedOutput.Split('\n').Select(l => l.Trim()));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<string> ProgramAsync(string root, string name, string code, LocalFeed feed, params string[] packages)
    {
        var folder = Path.Combine(root, name);
        Directory.CreateDirectory(folder);
        var references = string.Join("\n", packages.Select(p => $"""    <PackageReference Include="{p}" Version="0.1.0" />"""));
        await File.WriteAllTextAsync(Path.Combine(folder, $"{name}.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
            {references}
              </ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(folder, "Program.cs"), code);
        await feed.ConfigureAsync(folder);
        return folder;
    }

    /// <summary>The hosted program's plugins.json: the repository's plugin folders, a server and its client on one port.</summary>
    private static string Manifest(int port) => $$"""
        { "pluginsDirectory": "{{BuiltPlugins.ArtifactsPlugins}}",
          "plugins": [ { "name": "PlugRpc.Codec.MessagePack" }, { "name": "PlugRpc.Transport.Tcp" } ],
          "services": [],
          "server": { "addresses": [ "tcp://127.0.0.1:{{port}}" ], "shutdownWait": "1s" },
          "client": { "addresses": [ "tcp://127.0.0.1:{{port}}" ] } }
        """;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
