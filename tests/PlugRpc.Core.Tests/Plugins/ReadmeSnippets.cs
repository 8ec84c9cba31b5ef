using System.Text.RegularExpressions;

namespace PlugRpc.Core.Tests.Plugins;

/// <summary>The code blocks of a README section, as a reader copies them.</summary>
internal static partial class ReadmeSnippets
{
    /// <summary>The ```<paramref name="language"/> blocks of the section under <paramref name="heading"/>, in order.</summary>
    public static async Task<IReadOnlyList<string>> BlocksAsync(string heading, string language)
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(BuiltPlugins.RepoRoot, "README.md"));
        var start = readme.IndexOf("\n" + heading + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"the README has no section '{heading}'");
        var end = readme.IndexOf("\n## ", start + heading.Length + 2, StringComparison.Ordinal);
        var section = end < 0 ? readme[start..] : readme[start..end];
        var blocks = CodeBlock().Matches(section).Where(m => m.Groups["language"].Value == language).Select(m => m.Groups["code"].Value).ToList();
        Assert.True(blocks.Count > 0, $"the README's '{heading}' has no ```{language} block");
        return blocks;
    }

    [GeneratedRegex("```(?<language>\\w+)\\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();
}
