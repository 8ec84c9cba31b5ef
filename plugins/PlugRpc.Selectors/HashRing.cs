using System.Buffers;
using System.Globalization;
using PlugRpc.Discovery;

namespace PlugRpc.Selectors;

/// <summary>
/// The consistent-hash ring of one view: <see cref="VirtualNodes"/> points per instance, placed by its address alone,
/// so that an instance leaving moves only the keys it held and every other key stays where it was. Immutable.
/// </summary>
internal sealed class HashRing
{
    public const int VirtualNodes = 160;

    /// <summary>Above this many instances the candidate marks come from a pool instead of the stack.</summary>
    private const int StackMarkWords = 256;

    private readonly ulong[] points;
    private readonly int[] owners;
    private readonly InstanceState[] instances;
    private readonly Dictionary<InstanceState, int> indexOf;

    public HashRing(IReadOnlyList<InstanceState> view)
    {
        Source = view;
        instances = [.. view];
        indexOf = new Dictionary<InstanceState, int>(instances.Length, ReferenceEqualityComparer.Instance);
        var nodes = new (ulong Point, string Address, int Owner)[instances.Length * VirtualNodes];
        for (var i = 0; i < instances.Length; i++)
        {
            indexOf[instances[i]] = i;
            var address = instances[i].Address;
            for (var v = 0; v < VirtualNodes; v++)
            {
                nodes[(i * VirtualNodes) + v] = (StableHash.Of(address + "#" + v.ToString(CultureInfo.InvariantCulture)), address, i);
            }
        }

        // Ties (all but impossible) are broken by address, so that every client builds the same ring.
        Array.Sort(nodes, static (x, y) => x.Point != y.Point ? x.Point.CompareTo(y.Point) : string.CompareOrdinal(x.Address, y.Address));
        points = new ulong[nodes.Length];
        owners = new int[nodes.Length];
        for (var n = 0; n < nodes.Length; n++)
        {
            points[n] = nodes[n].Point;
            owners[n] = nodes[n].Owner;
        }
    }

    public static HashRing Empty { get; } = new([]);

    /// <summary>The view's instance list the ring was built from.</summary>
    public IReadOnlyList<InstanceState> Source { get; }

    /// <summary>
    /// The owner of the first point at or after <paramref name="hash"/> that is among <paramref name="candidates"/>,
    /// walking the ring on past the others; null when no candidate is on the ring.
    /// </summary>
    public InstanceState? Find(ulong hash, IReadOnlyList<InstanceState> candidates)
    {
        if (points.Length == 0)
        {
            return null;
        }

        var start = FirstPointAtOrAfter(hash);
        if (ReferenceEquals(candidates, Source))
        {
            return instances[owners[start]];
        }

        var words = (instances.Length + 63) / 64;
        ulong[]? rented = null;
        var marks = words <= StackMarkWords ? stackalloc ulong[words] : (rented = ArrayPool<ulong>.Shared.Rent(words)).AsSpan(0, words);
        try
        {
            marks.Clear();
            var marked = 0;
            for (var c = 0; c < candidates.Count; c++)
            {
                if (indexOf.TryGetValue(candidates[c], out var index))
                {
                    marks[index >> 6] |= 1UL << (index & 63);
                    marked++;
                }
            }

            if (marked == 0)
            {
                return null;
            }

            for (var step = 0; step < points.Length; step++)
            {
                var owner = owners[(start + step) % points.Length];
                if ((marks[owner >> 6] & (1UL << (owner & 63))) != 0)
                {
                    return instances[owner];
                }
            }

            return null;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<ulong>.Shared.Return(rented);
            }
        }
    }

    private int FirstPointAtOrAfter(ulong hash)
    {
        var found = Array.BinarySearch(points, hash);
        var index = found >= 0 ? found : ~found;
        return index == points.Length ? 0 : index;
    }
}
