using System.Text.Json;
using System.Text.Json.Nodes;

namespace PlugRpc.IntegrationTests.Infrastructure;

/// <summary>The repository's plugins.json with its paths made absolute, for a test to change and write elsewhere.</summary>
internal static class RepoManifest
{
    public static JsonNode Load()
    {
        var manifest = JsonNode.Parse(
            File.ReadAllText(Path.Combine(RepoPaths.Root, "plugins.json")),
            documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!;
        manifest["pluginsDirectory"] = RepoPaths.PluginsDirectory;
        foreach (var service in manifest["services"]!.AsArray())
        {
            service!["assembly"] = Path.Combine(RepoPaths.Root, service["assembly"]!.GetValue<string>());
        }

        return manifest;
    }
}
