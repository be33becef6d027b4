using AngleSharp.Html.Parser;
using SmartReader;

namespace FetchUrlAssistant;

/// <summary>Turns an HTML page into readable text for the model.</summary>
internal static class PageText
{
    private const string BlockElements =
        "address, article, aside, blockquote, br, dd, div, dl, dt, figcaption, footer, form, h1, h2, h3, h4, h5, h6, " +
        "header, hr, li, main, nav, ol, p, pre, section, table, tr, ul";

    /// <summary>The page's title and main text: the article SmartReader finds, or all visible body text when the
    /// page is too short or too unusual to hold an article.</summary>
    public static (string? Title, string Text) Extract(Uri url, string html)
    {
        var article = new Reader(url.AbsoluteUri, html).GetArticle();
        if (article.IsReadable && !string.IsNullOrWhiteSpace(article.TextContent))
        {
            return (NullIfBlank(article.Title), Normalize(article.TextContent));
        }

        using var document = new HtmlParser().ParseDocument(html);
        var title = NullIfBlank(document.Title);
        foreach (var hidden in document.QuerySelectorAll("script, style, noscript, template, svg"))
        {
            hidden.Remove();
        }

        // TextContent runs the text of neighbouring blocks together ("MenuHigh tide"): end each block with a line break.
        foreach (var block in document.QuerySelectorAll(BlockElements))
        {
            block.Parent?.InsertBefore(document.CreateTextNode("\n"), block.NextSibling);
        }

        return (title, Normalize(document.Body?.TextContent ?? string.Empty));
    }

    // Collapses runs of white space inside lines and drops blank lines, so the text the model reads is dense.
    private static string Normalize(string text)
    {
        var lines = text
            .Split('\n')
            .Select(line => string.Join(' ', line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)))
            .Where(line => line.Length > 0);
        return string.Join('\n', lines);
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
