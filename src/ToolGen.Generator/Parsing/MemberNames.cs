namespace ToolGen.Generator.Parsing;

/// <summary>The JSON names of members, as System.Text.Json's Web defaults (<c>JsonNamingPolicy.CamelCase</c>) write
/// them; a test checks the two agree.</summary>
internal static class MemberNames
{
    /// <summary><c>FirstName</c> → <c>firstName</c>, <c>URL</c> → <c>url</c>, <c>IOStream</c> → <c>ioStream</c>:
    /// the leading run of capitals is lowered, except its last one when that starts a word (a lower-case letter or
    /// digit follows).</summary>
    public static string CamelCase(string name)
    {
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length && char.IsUpper(chars[i]); i++)
        {
            var startsWord = i > 0 && i + 1 < chars.Length && !char.IsUpper(chars[i + 1]) && chars[i + 1] != ' ';
            if (startsWord)
            {
                break;
            }

            chars[i] = char.ToLowerInvariant(chars[i]);
        }

        return new string(chars);
    }
}
