using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Autofac;
using PlugRpc.Plugins;

namespace PlugRpc.Codec.Json;

/// <summary>Registers the JSON codec as "json".</summary>
public sealed class JsonCodecPlugin : RpcPlugin
{
    protected override void Load(ContainerBuilder builder)
    {
        var settings = ReadSettings<JsonCodecOptions>();
        PluginSettingsException.ThrowIfBelow("json", "maxDepth", settings.MaxDepth, 1);

        var contexts = settings.Contexts.Select(CreateContext).ToList();
        builder.RegisterCodec(_ => new JsonCodec(contexts, settings.MaxDepth));
    }

    private static IJsonTypeInfoResolver CreateContext(string typeName)
    {
        var type = Type.GetType(typeName, throwOnError: false)
            ?? throw new PluginSettingsException($"json: settings.contexts names '{typeName}', which cannot be found; give the assembly-qualified name");
        if (!typeof(JsonSerializerContext).IsAssignableFrom(type) || type.GetConstructor(Type.EmptyTypes) is null)
        {
            throw new PluginSettingsException($"json: '{typeName}' is not a JsonSerializerContext with a parameterless constructor");
        }

        return (IJsonTypeInfoResolver)Activator.CreateInstance(type)!;
    }
}
