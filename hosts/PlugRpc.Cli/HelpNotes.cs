using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace PlugRpc.Cli;

/// <summary>System.CommandLine's help, then notes that hold for every command (such as the exit codes). Linked into PlugRpc.Host too.</summary>
internal sealed class HelpNotes(HelpAction help, string notes) : SynchronousCommandLineAction
{
    public override bool ClearsParseErrors => true;

    /// <summary>Makes the root's --help (and each command's) end with <paramref name="notes"/>.</summary>
    public static void AddTo(RootCommand root, string notes)
    {
        var option = root.Options.OfType<HelpOption>().Single();
        option.Action = new HelpNotes((HelpAction)option.Action!, notes);
    }

    public override int Invoke(ParseResult parseResult)
    {
        help.Invoke(parseResult);
        parseResult.InvocationConfiguration.Output.WriteLine(notes);
        return 0;
    }
}
