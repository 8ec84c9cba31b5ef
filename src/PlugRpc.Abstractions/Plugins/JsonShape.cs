using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PlugRpc.Plugins;

/// <summary>
/// Checks JSON against the class it is to be read into (a plugin's settings, a request typed on the command line):
/// every key of every object, nested ones included, must be a property of its class (case-insensitive, as they are
/// read), and a value must be of the kind its property takes. The first problem comes back with its path and what
/// would fit, as one line.
/// </summary>
public static class JsonShape
{
    /// <param name="naming">How property names are written in the JSON (null: as in C#), for the list of valid keys.</param>
    /// <returns>Null when the JSON fits; otherwise one line naming the path (under <paramref name="path"/>) and what fits.</returns>
    public static string? Check(JsonElement element, Type type, string path, JsonNamingPolicy? naming)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (element.ValueKind == JsonValueKind.Null || type == typeof(object) || type == typeof(JsonElement) || type == typeof(JsonDocument))
        {
            return null;
        }

        if (IsScalar(type))
        {
            return element.ValueKind is JsonValueKind.Object or JsonValueKind.Array
                ? $"{path} must be {Describe(type)}, not {Kind(element)}"
                : null;
        }

        if (DictionaryValueType(type) is { } valueType)
        {
            return element.ValueKind != JsonValueKind.Object
                ? $"{path} must be an object, not {Kind(element)}"
                : element.EnumerateObject().Select(p => Check(p.Value, valueType, $"{path}.{p.Name}", naming)).FirstOrDefault(e => e is not null);
        }

        if (ListItemType(type) is { } itemType)
        {
            return element.ValueKind != JsonValueKind.Array
                ? $"{path} must be an array, not {Kind(element)}"
                : element.EnumerateArray().Select((item, i) => Check(item, itemType, $"{path}[{i}]", naming)).FirstOrDefault(e => e is not null);
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return $"{path} must be an object, not {Kind(element)}";
        }

        var properties = PropertiesOf(type);
        if (properties.Any(p => p.GetCustomAttribute<JsonExtensionDataAttribute>() is not null))
        {
            return null;
        }

        foreach (var item in element.EnumerateObject())
        {
            var property = properties.FirstOrDefault(p => string.Equals(JsonName(p, naming), item.Name, StringComparison.OrdinalIgnoreCase));
            if (property is null)
            {
                var valid = string.Join(", ", properties.Select(p => JsonName(p, naming)).Order(StringComparer.Ordinal));
                return $"unknown key {path}.{item.Name} (valid: {(valid.Length == 0 ? "none" : valid)})";
            }

            if (Check(item.Value, property.PropertyType, $"{path}.{item.Name}", naming) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    /// <summary>What a value of <paramref name="type"/> is written as, for messages ("a number", "a duration" …).</summary>
    private static string Describe(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            _ when type == typeof(string) => "a string",
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(TimeSpan) => "a duration such as \"250ms\" or \"2s\"",
            _ when type.IsEnum => $"one of {string.Join(", ", Enum.GetNames(type).Select(n => n.ToLowerInvariant()))}",
            _ when IsNumber(type) => "a number",
            _ when DictionaryValueType(type) is not null => "an object",
            _ when ListItemType(type) is not null => "an array",
            _ => "an object",
        };
    }

    /// <summary>
    /// One line for what <see cref="JsonSerializer"/> refused in JSON read as <paramref name="root"/>: where (its
    /// path under <paramref name="path"/>) and what the value there must be.
    /// </summary>
    public static string Describe(JsonException error, Type root, string path)
    {
        var where = error.Path is { Length: > 1 } at ? path + at[1..] : path;
        return error.Message.StartsWith("The JSON value", StringComparison.Ordinal) && TypeAt(root, error.Path) is { } type
            ? $"{where} must be {Describe(type)}"
            : $"{where} does not fit: {FirstSentence(error.Message)}";
    }

    /// <summary>The type of the property at a System.Text.Json path ("$.a.b[0]") under <paramref name="root"/>, when it can be followed.</summary>
    private static Type? TypeAt(Type root, string? jsonPath)
    {
        if (string.IsNullOrEmpty(jsonPath) || !jsonPath.StartsWith('$'))
        {
            return null;
        }

        Type? type = root;
        foreach (var segment in jsonPath[1..].Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = segment;
            var indexed = name.IndexOf('[');
            if (indexed >= 0)
            {
                name = name[..indexed];
            }

            type = Nullable.GetUnderlyingType(type!) ?? type;
            type = DictionaryValueType(type!) ?? PropertiesOf(type!).FirstOrDefault(p => string.Equals(p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? p.Name, name, StringComparison.OrdinalIgnoreCase))?.PropertyType;
            if (type is null)
            {
                return null;
            }

            if (indexed >= 0)
            {
                type = ListItemType(type);
            }
        }

        return type;
    }

    private static PropertyInfo[] PropertiesOf(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.GetCustomAttribute<JsonIgnoreAttribute>() is null)
            .ToArray();

    private static string JsonName(PropertyInfo property, JsonNamingPolicy? naming) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? naming?.ConvertName(property.Name) ?? property.Name;

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(" Path:", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message;
    }

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan) ||
        type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(Guid) || type == typeof(Uri) ||
        type == typeof(byte[]);

    private static bool IsNumber(Type type) =>
        type == typeof(int) || type == typeof(long) || type == typeof(double) || type == typeof(float) || type == typeof(decimal) ||
        type == typeof(short) || type == typeof(byte) || type == typeof(uint) || type == typeof(ulong) || type == typeof(ushort);

    private static Type? DictionaryValueType(Type type)
    {
        var dictionary = type.IsGenericType && type.GetGenericTypeDefinition() is var definition &&
            (definition == typeof(Dictionary<,>) || definition == typeof(IDictionary<,>) || definition == typeof(IReadOnlyDictionary<,>))
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>));
        return dictionary?.GetGenericArguments()[1];
    }

    private static Type? ListItemType(Type type)
    {
        if (type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(type) || DictionaryValueType(type) is not null)
        {
            return null;
        }

        if (type.IsArray)
        {
            return type.GetElementType();
        }

        var enumerable = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>)
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        return enumerable?.GetGenericArguments()[0] ?? typeof(object);
    }

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string \"{element.GetString()}\"",
        JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
        _ => element.GetRawText(),
    };
}
