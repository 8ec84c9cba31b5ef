using System.Collections;

namespace PlugRpc;

/// <summary>
/// String key/value pairs carried in a frame's header (go-rpc's MetaData). Keys are case-sensitive and
/// insertion order is kept, so a frame re-encodes byte for byte. An empty instance allocates no list.
/// </summary>
public sealed class Metadata : IEnumerable<KeyValuePair<string, string>>
{
    private static readonly List<KeyValuePair<string, string>> None = [];
    private List<KeyValuePair<string, string>>? entries;

    public Metadata()
    {
    }

    public Metadata(int capacity)
    {
        entries = capacity > 0 ? new List<KeyValuePair<string, string>>(capacity) : null;
    }

    public Metadata(IEnumerable<KeyValuePair<string, string>> source)
    {
        foreach (var pair in source)
        {
            this[pair.Key] = pair.Value;
        }
    }

    public int Count => entries?.Count ?? 0;

    public string? this[string key]
    {
        get => TryGetValue(key, out var value) ? value : null;
        set
        {
            ArgumentNullException.ThrowIfNull(key);
            var index = IndexOf(key);
            if (value is null)
            {
                if (index >= 0)
                {
                    entries!.RemoveAt(index);
                }
            }
            else if (index >= 0)
            {
                entries![index] = new(key, value);
            }
            else
            {
                (entries ??= []).Add(new(key, value));
            }
        }
    }

    public bool TryGetValue(string key, out string value)
    {
        var index = IndexOf(key);
        value = index >= 0 ? entries![index].Value : string.Empty;
        return index >= 0;
    }

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool Remove(string key)
    {
        var index = IndexOf(key);
        if (index < 0)
        {
            return false;
        }

        entries!.RemoveAt(index);
        return true;
    }

    public Metadata Clone() => entries is null ? new() : new(entries);

    public List<KeyValuePair<string, string>>.Enumerator GetEnumerator() => (entries ?? None).GetEnumerator();

    IEnumerator<KeyValuePair<string, string>> IEnumerable<KeyValuePair<string, string>>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int IndexOf(string key)
    {
        if (entries is null)
        {
            return -1;
        }

        for (var i = 0; i < entries.Count; i++)
        {
            if (string.Equals(entries[i].Key, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
