using System.Globalization;
using System.Text;

namespace ToolGen.Generator.Parsing;

/// <summary>Tool names: the default name of a method and the rule OpenAI puts on names.</summary>
internal static class ToolNames
{
    /// <summary>The default tool name: the method name without an <c>Async</c> suffix, converted the way
    /// <c>JsonNamingPolicy.SnakeCaseLower</c> converts names (<c>GetHTTPStatusAsync</c> → <c>get_http_status</c>).</summary>
    public static string FromMethodName(string methodName)
    {
        const string Suffix = "Async";
        var name = methodName.Length > Suffix.Length && methodName.EndsWith(Suffix, System.StringComparison.Ordinal)
            ? methodName.Substring(0, methodName.Length - Suffix.Length)
            : methodName;
        return ToSnakeCaseLower(name);
    }

    /// <summary>Whether <paramref name="name"/> matches OpenAI's <c>^[a-zA-Z0-9_-]{1,64}$</c>.</summary>
    public static bool IsValid(string? name)
    {
        if (name is null || name.Length is 0 or > 64)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    // The same grouping System.Text.Json's snake_case policy applies: a run of capitals stays one word except for
    // its last letter when a lowercase letter follows (XMLReader → xml_reader), digits join the word before them,
    // spaces become one separator, and any other character is copied and starts over.
    private static string ToSnakeCaseLower(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        var state = State.NotStarted;
        for (var i = 0; i < name.Length; i++)
        {
            var current = name[i];
            var category = CharUnicodeInfo.GetUnicodeCategory(current);
            switch (category)
            {
                case UnicodeCategory.UppercaseLetter:
                    if (state is State.LowercaseOrDigit or State.Space
                        || (state is State.Uppercase && i + 1 < name.Length && char.IsLower(name[i + 1])))
                    {
                        builder.Append('_');
                    }

                    builder.Append(char.ToLowerInvariant(current));
                    state = State.Uppercase;
                    break;
                case UnicodeCategory.LowercaseLetter:
                case UnicodeCategory.DecimalDigitNumber:
                    if (state is State.Space)
                    {
                        builder.Append('_');
                    }

                    builder.Append(current);
                    state = State.LowercaseOrDigit;
                    break;
                case UnicodeCategory.SpaceSeparator:
                    if (state is not State.NotStarted)
                    {
                        state = State.Space;
                    }

                    break;
                default:
                    builder.Append(current);
                    state = State.NotStarted;
                    break;
            }
        }

        return builder.ToString();
    }

    private enum State
    {
        NotStarted,
        Uppercase,
        LowercaseOrDigit,
        Space,
    }
}
