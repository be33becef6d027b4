using System.Text;

namespace ToolGen;

/// <summary>Text a model sent, made safe to send back in an error: short, without control characters.</summary>
internal static class ToolText
{
    /// <summary>How many characters of a name or value a model sent are echoed in an error.</summary>
    public const int MaxEcho = 64;

    /// <summary><paramref name="text"/> without control characters, with unpaired surrogates replaced by U+FFFD, and
    /// at most <paramref name="max"/> characters long (the last one <c>…</c> when it was cut). Reads no more of
    /// <paramref name="text"/> than it needs, so a megabyte of name costs no more than a short one.</summary>
    public static string Echo(string? text, int max = MaxEcho)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var kept = new StringBuilder(Math.Min(text.Length, max) + 2);
        for (var i = 0; i < text.Length && kept.Length <= max; i++)
        {
            var c = text[i];
            if (char.IsControl(c))
            {
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                kept.Append(c).Append(text[++i]);
            }
            else
            {
                kept.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
            }
        }

        if (kept.Length <= max)
        {
            return kept.ToString();
        }

        // Keep max - 1 characters and the ellipsis, never half of a surrogate pair.
        var cut = max - 1;
        if (cut > 0 && char.IsHighSurrogate(kept[cut - 1]))
        {
            cut--;
        }

        return kept.ToString(0, cut) + "…";
    }
}
