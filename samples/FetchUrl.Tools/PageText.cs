using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using SmartReader;

namespace FetchUrlAssistant;

/// <summary>Turns an HTML page into readable text for the model: one line per block (paragraph, heading, list
/// item, …), white space inside a block folded to single spaces, as a browser lays the text out.</summary>
/// <remarks>The cost is bounded whatever the page: scripts, styles, SVG and comments are cut out by a linear-time
/// regular expression, the parser sees at most <see cref="FetchLimits.MaxParsedChars"/> characters and
/// <see cref="FetchLimits.MaxParsedTags"/> tags, SmartReader's article search runs only on a page of at most
/// <see cref="FetchLimits.MaxArticleElements"/> elements and for at most a quarter of the deadline, the parse observes
/// the deadline's token, and the text walk is iterative (no recursion for a deeply nested page),
/// stops at the output cap and checks the token as it goes.</remarks>
internal static partial class PageText
{
    private static readonly HashSet<string> BlockElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "footer", "form",
        "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table",
        "td", "th", "tr", "ul",
    };

    private static readonly HashSet<string> HiddenElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "template", "svg", "head",
    };

    private static readonly HtmlParserOptions ParserOptions = new()
    {
        SkipComments = true,
        SkipScriptText = true,
        SkipRawText = true,
        DisableElementPositionTracking = true,
    };

    /// <summary>The page's title (its <c>&lt;title&gt;</c>, else SmartReader's) and main text: the article SmartReader
    /// finds, or all visible body text when the page is too short, too big or too unusual to hold an article.</summary>
    /// <param name="url">The page's address (SmartReader resolves links against it).</param>
    /// <param name="html">The page.</param>
    /// <param name="limits">The parse and output caps.</param>
    /// <param name="cancellationToken">The call's deadline.</param>
    /// <returns>The title (or <see langword="null"/>) and the text: a page with more stops one character past
    /// <see cref="FetchLimits.MaxOutputChars"/>, so the envelope sees it was cut.</returns>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static async Task<(string? Title, string Text)> ExtractAsync(Uri url, string html, FetchLimits limits, CancellationToken cancellationToken)
    {
        var source = Bounded(html, limits.MaxParsedChars, limits.MaxParsedTags);
        var parser = new HtmlParser(ParserOptions);
        using var document = await parser.ParseDocumentAsync(source, cancellationToken);
        var title = NullIfBlank(document.Title);
        if (await ArticleAsync(url, document, limits, cancellationToken) is { } article)
        {
            using var content = await parser.ParseDocumentAsync(article.Content, cancellationToken);
            var text = VisibleText(content, limits.MaxOutputChars, cancellationToken);
            if (text.Length > 0)
            {
                return (title ?? NullIfBlank(article.Title), text);
            }
        }

        using var whole = await parser.ParseDocumentAsync(source, cancellationToken);
        return (title, VisibleText(whole, limits.MaxOutputChars, cancellationToken));
    }

    /// <summary>SmartReader's article, when the page is small enough for it and it finishes in its share of the
    /// deadline; otherwise <see langword="null"/> (the caller walks the whole body instead).</summary>
    private static async Task<Article?> ArticleAsync(Uri url, IHtmlDocument document, FetchLimits limits, CancellationToken cancellationToken)
    {
        if (document.All.Length > limits.MaxArticleElements)
        {
            return null;
        }

        // SmartReader is synchronous and cannot be cancelled: the element cap bounds the work left running when its
        // share of the deadline is over, and the text walk answers instead.
        var reading = Task.Run(() => new Reader(url.AbsoluteUri, document).GetArticle(), cancellationToken);
        try
        {
            var article = await reading.WaitAsync(limits.Deadline / 4, cancellationToken);
            return article.IsReadable && !string.IsNullOrWhiteSpace(article.Content) ? article : null;
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    /// <summary>The page without what never shows as text, cut to <paramref name="maxChars"/> characters and before
    /// its <paramref name="maxTags"/>th <c>&lt;</c>.</summary>
    internal static string Bounded(string html, int maxChars, int maxTags)
    {
        var visible = Invisible().Replace(html, " ");
        var end = Math.Min(visible.Length, maxChars);
        var tags = 0;
        for (var i = visible.IndexOf('<'); i >= 0 && i < end; i = visible.IndexOf('<', i + 1))
        {
            if (++tags > maxTags)
            {
                end = i;
                break;
            }
        }

        return end == visible.Length ? visible : visible[..end];
    }

    /// <summary>The visible text under <c>body</c>, walked in document order without recursion.</summary>
    private static string VisibleText(IDocument document, int maxChars, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var lineHasText = false;
        var pendingSpace = false;
        var visited = 0;
        INode? root = document.Body ?? (INode?)document.DocumentElement;
        var node = root?.FirstChild;
        while (node is not null && text.Length <= maxChars)
        {
            if (++visited % 4096 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var element = node as IElement;
            if (node is IText textNode)
            {
                foreach (var c in textNode.Data)
                {
                    if (text.Length > maxChars)
                    {
                        break;
                    }

                    if (char.IsWhiteSpace(c))
                    {
                        pendingSpace = lineHasText;
                    }
                    else
                    {
                        if (pendingSpace)
                        {
                            text.Append(' ');
                            pendingSpace = false;
                        }

                        text.Append(c);
                        lineHasText = true;
                    }
                }
            }
            else if (element is not null && BlockElements.Contains(element.LocalName))
            {
                EndLine();
            }

            if (element is not null && !HiddenElements.Contains(element.LocalName) && node.FirstChild is { } child)
            {
                node = child;
                continue;
            }

            // No children to enter: move to the next sibling, closing every block element left on the way up.
            while (node is not null && node != root && node.NextSibling is null)
            {
                node = node.Parent;
                if (node is IElement closed && node != root && BlockElements.Contains(closed.LocalName))
                {
                    EndLine();
                }
            }

            node = node is null || node == root ? null : node.NextSibling;
            if (node?.PreviousSibling is IElement left && BlockElements.Contains(left.LocalName))
            {
                EndLine();
            }
        }

        return text.ToString().TrimEnd('\n');

        void EndLine()
        {
            if (lineHasText)
            {
                text.Append('\n');
                lineHasText = false;
            }

            pendingSpace = false;
        }
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    // Linear time whatever the input (no backtracking), so a page of a million unclosed <script>s costs one pass.
    [GeneratedRegex(@"<script\b.*?</script\s*>|<style\b.*?</style\s*>|<svg\b.*?</svg\s*>|<!--.*?-->", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.NonBacktracking | RegexOptions.CultureInvariant)]
    private static partial Regex Invisible();
}
