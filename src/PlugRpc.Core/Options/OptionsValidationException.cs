namespace PlugRpc.Options;

/// <summary>Options that cannot work; the message lists every problem found.</summary>
public sealed class OptionsValidationException : Exception
{
    public OptionsValidationException(string section, IReadOnlyList<string> problems)
        : base($"invalid {section} options: {string.Join("; ", problems)}")
    {
        Problems = problems;
    }

    public IReadOnlyList<string> Problems { get; }
}
