using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Serialization;
using ProtoBuf;
using ProtoBuf.Meta;

namespace PlugRpc.Codec.Protobuf;

/// <summary>
/// A protobuf-net model that also takes plain classes: a class without [ProtoContract] or [DataContract] gets its
/// public read-write properties as fields numbered 1, 2, 3 … in ordinal name order, so both ends agree without
/// attributes. Classes its properties use (directly or as list or array elements) are added the same way.
/// </summary>
internal sealed class PlainTypeModel
{
    private readonly RuntimeTypeModel model = RuntimeTypeModel.Create("PlugRpc");
    private readonly ConcurrentDictionary<Type, bool> prepared = new();
    private readonly object gate = new();

    public TypeModel Model => model;

    public void Prepare(Type type)
    {
        if (prepared.ContainsKey(type))
        {
            return;
        }

        lock (gate)
        {
            AddPlain(type);
            prepared[type] = true;
        }
    }

    private void AddPlain(Type type)
    {
        if (!NeedsContract(type) || model.IsDefined(type))
        {
            return;
        }

        var meta = model.Add(type, applyDefaultBehaviour: false);
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.CanWrite && p.GetIndexParameters().Length == 0)
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToList();
        for (var i = 0; i < properties.Count; i++)
        {
            meta.Add(i + 1, properties[i].Name);
        }

        foreach (var property in properties)
        {
            AddPlain(ElementOf(property.PropertyType));
        }
    }

    private static bool NeedsContract(Type type) =>
        type.IsClass && type != typeof(string) && type != typeof(byte[]) && !typeof(System.Collections.IEnumerable).IsAssignableFrom(type)
        && type.GetCustomAttribute<ProtoContractAttribute>() is null && type.GetCustomAttribute<DataContractAttribute>() is null;

    private static Type ElementOf(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType()!;
        }

        var enumerable = type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        return type != typeof(string) && enumerable is not null ? enumerable.GetGenericArguments()[0] : type;
    }
}
