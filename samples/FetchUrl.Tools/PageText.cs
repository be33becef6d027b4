using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using SmartReader;

namespace FetchUrlAssistant;

/// <summary>Turns an HTML page into readable text for the model: one line per block (paragraph, heading, list
/// item, …), white space inside a block folded to single spaces, as a browser lays the text out.</summary>
internal static class PageText
{
    private const string BlockElements =
        "address, article, aside, blockquote, br, dd, div, dl, dt, figcaption, footer, form, h1, h2, h3, h4, h5, h6, " +
        "header, hr, li, main, nav, ol, p, pre, section, table, tr, ul";

    // Marks the end of a block; the source's own line breaks are only white space inside a block.
    private const char BlockEnd = '\u2029';

    /// <summary>The page's title and main text: the article SmartReader finds, or all visible body text when the
    /// page is too short or too unusual to hold an article.</summary>
    public static (string? Title, string Text) Extract(Uri url, string html)
    {
        var parser = new HtmlParser();
        var article = new Reader(url.AbsoluteUri, html).GetArticle();
        if (article.IsReadable && !string.IsNullOrWhiteSpace(article.Content))
        {
            using var content = parser.ParseDocument(article.Content);
            var text = BlockText(content);
            if (text.Length > 0)
            {
                return (NullIfBlank(article.Title), text);
            }
        }

        using var document = parser.ParseDocument(html);
        return (NullIfBlank(document.Title), BlockText(document));
    }

    private static string BlockText(IDocument document)
    {
        foreach (var hidden in document.QuerySelectorAll("script, style, noscript, template, svg"))
        {
            hidden.Remove();
        }

        foreach (var block in document.QuerySelectorAll(BlockElements))
        {
            block.Parent?.InsertBefore(document.CreateTextNode(BlockEnd.ToString()), block.NextSibling);
        }

        var blocks = (document.Body?.TextContent ?? string.Empty)
            .Split(BlockEnd)
            .Select(block => string.Join(' ', block.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)))
            .Where(block => block.Length > 0);
        return string.Join('\n', blocks);
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
