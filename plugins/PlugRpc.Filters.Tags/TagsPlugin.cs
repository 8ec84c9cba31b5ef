using Autofac;
using PlugRpc.Plugins;

namespace PlugRpc.Filters.Tags;

/// <summary>
/// Registers "tags", go-rpc's tag routing: a client filter that sends the client's tags, an instance filter that
/// (when the client is Tagged) keeps only instances with the same tags, and a server filter that refuses requests
/// without the server's tags.
/// </summary>
public sealed class TagsPlugin : RpcPlugin
{
    protected override void Load(ContainerBuilder builder)
    {
        builder.RegisterClientFilter("tags", (_, side) => new TagsClientFilter(side.Tags));
        builder.RegisterInstanceFilter("tags", (_, side) => new TagsInstanceFilter(side.Tags, side.Tagged));
        builder.RegisterServerFilter("tags", (_, side) => new TagsServerFilter(side.Tags));
    }
}
