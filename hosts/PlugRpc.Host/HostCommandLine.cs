using System.CommandLine;
using System.CommandLine.Parsing;
using PlugRpc.Cli;
using PlugRpc.Options;

namespace PlugRpc.Host;

/// <summary>The host's options in System.CommandLine, and what they set on top of plugins.json.</summary>
internal static class HostCommandLine
{
    public static readonly Option<string[]> Address = new("--address")
    {
        Description = "where to listen (tcp://127.0.0.1:7000, unix:///tmp/x.sock …); repeatable; replaces the config's server.addresses",
        HelpName = "scheme://target",
    };

    public static readonly Option<string> Config = new("--config")
    {
        Description = "the plugins.json to read",
        HelpName = "plugins.json",
        DefaultValueFactory = _ => "plugins.json",
    };

    public static readonly Option<string> Gateway = new("--gateway")
    {
        Description = "serve the HTTP gateway (POST /Service/Method with JSON) on this URL; needs the PlugRpc.Gateway.Http plugin",
        HelpName = "http(s)://host:port",
    };

    private const string Notes = """
        every server answers Health.Check (PlugRpc.Cli health ADDRESS): SERVING, or NOT_SERVING once it begins to stop.
        exit codes: 0 stopped, 2 a mistake in the command line or the config (one line on stderr), 1 anything else.
        """;

    private static readonly Option<string> Registry = new("--registry")
    {
        Description = "register in this registry (zookeeper://h:2181/base, etcd://h:2379/prefix, consul://h:8500, file:///folder, memory://)",
        HelpName = "URL",
    };

    private static readonly Option<string> App = new("--app")
    {
        Description = "the app key to register under",
        HelpName = "KEY",
    };

    private static readonly Option<string> Advertise = new("--advertise")
    {
        Description = "the address clients should call, when it is not the one listened on (needed when listening on 0.0.0.0)",
        HelpName = "scheme://host:port",
    };

    private static readonly Option<KeyValuePair<string, string>[]> Tag = new("--tag")
    {
        Description = "a tag for tag-routing clients; repeatable",
        HelpName = "k=v",
        CustomParser = Tags,
    };

    private static readonly Option<int?> Weight = new("--weight")
    {
        Description = "the weight for weighted selectors",
        HelpName = "N",
        CustomParser = WeightOf,
    };

    public static RootCommand Build()
    {
        var root = new RootCommand("Serves the services plugins.json lists, through its plugins, until Ctrl+C or SIGTERM (then stops gracefully).") { HelpName = "PlugRpc.Host" };
        foreach (var option in new Option[] { Address, Config, Registry, App, Advertise, Tag, Weight, Gateway })
        {
            root.Add(option);
        }

        HelpNotes.AddTo(root, Notes);
        return root;
    }

    /// <summary>The registration the command line asks for, set on the config's server options.</summary>
    public static void Apply(ParseResult parsed, ServerOptions server)
    {
        server.Registry = parsed.GetValue(Registry) ?? server.Registry;
        server.AppKey = parsed.GetValue(App) ?? server.AppKey;
        server.AdvertisedAddress = parsed.GetValue(Advertise) ?? server.AdvertisedAddress;
        server.Weight = parsed.GetValue(Weight) ?? server.Weight;
        foreach (var (key, value) in parsed.GetValue(Tag) ?? [])
        {
            server.Tags[key] = value;
        }
    }

    private static KeyValuePair<string, string>[] Tags(ArgumentResult result)
    {
        var tags = new List<KeyValuePair<string, string>>();
        foreach (var token in result.Tokens)
        {
            var equals = token.Value.IndexOf('=');
            if (equals <= 0)
            {
                result.AddError("--tag needs a value of the form k=v");
                return [];
            }

            tags.Add(new(token.Value[..equals], token.Value[(equals + 1)..]));
        }

        return [.. tags];
    }

    private static int? WeightOf(ArgumentResult result)
    {
        if (int.TryParse(result.Tokens[^1].Value, out var weight))
        {
            return weight;
        }

        result.AddError($"--weight needs a value that is a number from 1 to {int.MaxValue}");
        return null;
    }
}
