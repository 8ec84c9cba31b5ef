using System.Text.Json;

namespace PlugRpc.Cli;

/// <summary>
/// What the sample ArithService (Add, Minus, Mul, Divide over {A, B} → {Reply}) must answer to one request, so
/// that the bench counts wrong replies, not just failed calls.
/// </summary>
internal sealed class ArithReplyCheck
{
    private readonly long? expected;

    /// <param name="expected">The reply; null when no reply is right (division by zero fails).</param>
    private ArithReplyCheck(long? expected)
    {
        this.expected = expected;
    }

    /// <summary>The check for <paramref name="serviceMethod"/>, or null when it is not ArithService's or the request has no numeric A and B to check against.</summary>
    public static ArithReplyCheck? For(string serviceMethod, string requestJson)
    {
        if (!serviceMethod.StartsWith("ArithService.", StringComparison.Ordinal) || !TryReadOperands(requestJson, out var a, out var b))
        {
            return null;
        }

        // unchecked, as the service computes: Go ints and C# longs both wrap.
        return serviceMethod["ArithService.".Length..] switch
        {
            "Add" => new ArithReplyCheck(unchecked(a + b)),
            "Minus" => new ArithReplyCheck(unchecked(a - b)),
            "Mul" => new ArithReplyCheck(unchecked(a * b)),
            "Divide" => new ArithReplyCheck(b == 0 ? null : b == -1 ? unchecked(-a) : a / b),
            _ => null,
        };
    }

    /// <summary>Whether <paramref name="replyJson"/> is {"Reply": expected}.</summary>
    public bool IsRight(string replyJson)
    {
        if (expected is not { } reply)
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(replyJson);
            return TryReadLong(document.RootElement, "Reply", out var value) && value == reply;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>A and B as the service reads them: names in any case, a missing one as 0.</summary>
    private static bool TryReadOperands(string json, out long a, out long b)
    {
        a = b = 0;
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && (TryReadLong(root, "A", out a) || !Has(root, "A"))
                && (TryReadLong(root, "B", out b) || !Has(root, "B"));
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool TryReadLong(JsonElement element, string name, out long value)
    {
        value = 0;
        if (element.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt64(out value);
            }
        }

        return false;
    }

    private static bool Has(JsonElement element, string name) =>
        element.EnumerateObject().Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
}
