using PlugRpc.Discovery;

namespace PlugRpc.Filters.Tags;

/// <summary>
/// go-rpc's Tagged routing: leaves out instances whose published tags lack or differ on any of the client's tags,
/// and those whose tags are not a JSON object of strings. Each instance's verdict is kept on it and worked out again
/// only when its metadata changes.
/// </summary>
public sealed class TagsInstanceFilter : IInstanceFilter
{
    private static readonly Func<InstanceState, Verdict> NoVerdict = _ => new Verdict();
    private readonly IReadOnlyDictionary<string, string> required;
    private readonly bool active;

    /// <param name="active">False lets every instance through (a client that is not Tagged).</param>
    public TagsInstanceFilter(IReadOnlyDictionary<string, string> required, bool active)
    {
        this.required = required;
        this.active = active;
        Reason = $"tags differ from {InstanceTags.Format(required)}";
    }

    public string Reason { get; }

    public bool Allows(InstanceState instance, ClientCallContext context)
    {
        if (!active)
        {
            return true;
        }

        var verdict = instance.GetFeature(this, NoVerdict);
        var published = instance.Instance;
        var judged = verdict.Judged;
        if (judged is null || !ReferenceEquals(judged.Of, published))
        {
            judged = new Judgement(published, Matches(published));
            verdict.Judged = judged;
        }

        return judged.Allowed;
    }

    private bool Matches(ServiceInstance published)
    {
        try
        {
            return InstanceTags.FirstMismatch(required, InstanceTags.Of(published)) is null;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Whether an instance's metadata, as last seen, passes.</summary>
    private sealed record Judgement(ServiceInstance Of, bool Allowed);

    /// <summary>The feature kept on each instance: its latest judgement.</summary>
    private sealed class Verdict
    {
        private Judgement? judged;

        public Judgement? Judged
        {
            get => Volatile.Read(ref judged);
            set => Volatile.Write(ref judged, value);
        }
    }
}
