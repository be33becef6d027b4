using System.Text;

namespace FetchUrlAssistant;

/// <summary>
/// How much one <c>fetch_url</c> call may cost. The limits hold end to end: one deadline covers connecting, the
/// download and the text extraction; the byte cap counts the body after decompression; the character cap covers the
/// whole output, provenance, title and URL included.
/// </summary>
public sealed record FetchLimits
{
    /// <summary>The limits the sample uses: 10 s, 1 MiB, 4000 characters, 128 Ki characters and 3000 tags of HTML
    /// parsed, SmartReader on pages of up to 1500 elements.</summary>
    public static FetchLimits Default { get; } = new();

    /// <summary>How long a call may take in all, from the first connection to the finished output. Default 10 s.</summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How many bytes of the body are read, counted after gzip, deflate or Brotli decompression (so a
    /// compression bomb stops here); the rest is never read. Default 1 MiB.</summary>
    public int MaxBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>The longest output the model receives, in UTF-16 characters, envelope included. Default 4000.</summary>
    public int MaxOutputChars { get; init; } = 4000;

    /// <summary>How many characters of HTML the parser is given once scripts, styles, SVG and comments are removed.
    /// Default 128 Ki.</summary>
    public int MaxParsedChars { get; init; } = 128 * 1024;

    /// <summary>How many tags the parser is given: the page is cut before the next one. HTML tree building costs
    /// grow with the square of the number of open elements (1 MiB of nested <c>&lt;div&gt;</c>s did not parse in
    /// minutes), so this bounds the parse; see docs/fetch-url.md for the measurements. Default 3000.</summary>
    public int MaxParsedTags { get; init; } = 3000;

    /// <summary>The most elements a page may have for SmartReader to look for its article (its scoring costs far more
    /// per element than the plain text walk used otherwise: 300 MiB allocated for 3000 links). Default 1500.</summary>
    public int MaxArticleElements { get; init; } = 1500;

    /// <summary>The media types fetched; any other <c>Content-Type</c> (images, PDFs, archives, a missing one) is
    /// refused before the body is read.</summary>
    public static IReadOnlySet<string> AllowedMediaTypes { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "text/html", "application/xhtml+xml", "text/plain", "text/markdown", "text/csv", "text/xml", "application/xml", "application/json",
    };

    /// <summary>The decoder for a <c>charset</c> parameter: UTF-8, UTF-16 (LE/BE), US-ASCII or ISO-8859-1 by name;
    /// anything else, unknown or disabled (UTF-7, whose decoding can smuggle markup past filters), decodes as UTF-8.</summary>
    /// <param name="charset">The parameter's value, or <see langword="null"/>.</param>
    /// <returns>The encoding.</returns>
    public static Encoding EncodingFor(string? charset) => charset?.Trim().Trim('"').ToLowerInvariant() switch
    {
        "utf-16" or "utf-16le" => Encoding.Unicode,
        "utf-16be" => Encoding.BigEndianUnicode,
        "us-ascii" or "ascii" => Encoding.ASCII,
        "iso-8859-1" or "latin1" or "l1" => Encoding.Latin1,
        _ => Encoding.UTF8,
    };
}
