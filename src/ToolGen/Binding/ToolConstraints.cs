using System.Buffers.Text;
using System.ComponentModel;
using System.Text.RegularExpressions;

namespace ToolGen.Binding;

/// <summary>
/// The checks behind the <c>System.ComponentModel.DataAnnotations</c> rules generated binders enforce
/// (<c>[EmailAddress]</c>, <c>[Url]</c>, <c>[Base64String]</c>, <c>[RegularExpression]</c>), with the same meaning as
/// the attributes' own <c>IsValid</c>. Not meant to be called by hand.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ToolConstraints
{
    /// <summary>Whether <paramref name="value"/> passes <c>[EmailAddress]</c>: one <c>@</c>, neither first nor last.</summary>
    /// <param name="value">The string.</param>
    /// <returns>Whether it looks like an email address.</returns>
    public static bool IsEmail(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var at = value.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at == value.LastIndexOf('@') && at != value.Length - 1 && value.IndexOfAny(['\r', '\n']) < 0;
    }

    /// <summary>Whether <paramref name="value"/> passes <c>[Url]</c>: it starts with <c>http://</c>,
    /// <c>https://</c> or <c>ftp://</c> (in any case).</summary>
    /// <param name="value">The string.</param>
    /// <returns>Whether it is such a URL.</returns>
    public static bool IsUrl(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            || value.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            || value.StartsWith("ftp://", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Whether <paramref name="value"/> passes <c>[Base64String]</c>: valid standard Base64.</summary>
    /// <param name="value">The string.</param>
    /// <returns>Whether it is Base64.</returns>
    public static bool IsBase64(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Base64.IsValid(value);
    }

    /// <summary>Whether <paramref name="value"/> matches <paramref name="pattern"/> as a whole, as
    /// <c>[RegularExpression]</c> requires. A match that times out (the pattern is the developer's, the text the
    /// model's) counts as no match.</summary>
    /// <param name="pattern">The anchored pattern, created with a match timeout.</param>
    /// <param name="value">The string.</param>
    /// <returns>Whether it matches.</returns>
    public static bool Matches(Regex pattern, string value)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(value);
        try
        {
            return pattern.IsMatch(value);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
