namespace PlugRpc.Client;

/// <summary>What a failsafe call answers: a new <typeparamref name="T"/> when it has a parameterless constructor, else its default.</summary>
internal static class DefaultResponse<T>
{
    private static readonly bool Constructible =
        typeof(T).IsValueType || (!typeof(T).IsAbstract && typeof(T) != typeof(string) && typeof(T).GetConstructor(Type.EmptyTypes) is not null);

    public static T Create() => Constructible ? Activator.CreateInstance<T>() : default!;
}
