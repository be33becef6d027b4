using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Xml;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ToolGen.Generator.Parsing;

/// <summary>The <c>&lt;summary&gt;</c> and <c>&lt;param&gt;</c> texts of a method's XML doc comment.</summary>
/// <remarks>
/// The comment is read from the declaration's syntax, never through <c>GetDocumentationCommentXml</c>: the generator
/// re-parses every tool after every edit anywhere in the project (Roslyn re-runs the transform of
/// <c>ForAttributeWithMetadataName</c> for each match once the compilation changes), and building the XML and parsing
/// it again was most of that cost. When the project parses doc comments (GenerateDocumentationFile sets
/// <c>DocumentationMode.Parse</c> or <c>Diagnose</c>), the <c>///</c> lines are structured trivia, walked as they are
/// with no XML built at all. Otherwise they are plain comments, and their text is parsed as XML, which measured
/// faster than having Roslyn parse it as a doc comment.
/// </remarks>
internal sealed class DocComments
{
    private static readonly DocComments None = new(null, null, new Dictionary<string, string>());

    private readonly Dictionary<string, string> _parameters;

    private DocComments(string? summary, string? returns, Dictionary<string, string> parameters)
    {
        Summary = summary;
        Returns = returns;
        _parameters = parameters;
    }

    public string? Summary { get; }

    /// <summary>The <c>&lt;returns&gt;</c> text, or <see langword="null"/>.</summary>
    public string? Returns { get; }

    public string? Parameter(string name) => _parameters.TryGetValue(name, out var text) ? text : null;

    /// <summary>Reads the comment of the first declaration of <paramref name="symbol"/> (a method, type or property)
    /// that has one.</summary>
    public static DocComments Read(ISymbol symbol, CancellationToken cancellationToken)
    {
        foreach (var reference in symbol.DeclaringSyntaxReferences)
        {
            var comment = Read(reference.GetSyntax(cancellationToken).GetLeadingTrivia());
            if (comment is not null)
            {
                return comment;
            }
        }

        return None;
    }

    private static DocComments? Read(SyntaxTriviaList trivia)
    {
        StringBuilder? plain = null;
        foreach (var item in trivia)
        {
            if (item.GetStructure() is DocumentationCommentTriviaSyntax structured)
            {
                return From(structured);
            }

            if (item.IsKind(SyntaxKind.SingleLineCommentTrivia) || item.IsKind(SyntaxKind.MultiLineCommentTrivia))
            {
                AppendPlain(ref plain, item.ToString());
            }
        }

        return plain is null ? null : FromXml(plain.ToString());
    }

    // The XML of a '///' line or a '/** */' block, without its comment markers.
    private static void AppendPlain(ref StringBuilder? plain, string text)
    {
        if (text.StartsWith("///", StringComparison.Ordinal) && !text.StartsWith("////", StringComparison.Ordinal))
        {
            (plain ??= new StringBuilder()).Append(text, 3, text.Length - 3).Append('\n');
        }
        else if (text.StartsWith("/**", StringComparison.Ordinal) && text.EndsWith("*/", StringComparison.Ordinal) && text.Length > 4)
        {
            plain ??= new StringBuilder();
            foreach (var line in text.Substring(3, text.Length - 5).Split('\n'))
            {
                var trimmed = line.TrimStart();
                plain.Append(trimmed.StartsWith("*", StringComparison.Ordinal) ? trimmed.Substring(1) : line).Append('\n');
            }
        }
    }

    private static DocComments FromXml(string xml)
    {
        XElement root;
        try
        {
            root = XElement.Parse("<member>" + xml + "</member>", LoadOptions.None);
        }
        catch (XmlException)
        {
            return None;
        }

        string? summary = null;
        string? returns = null;
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var element in root.Elements())
        {
            switch (element.Name.LocalName)
            {
                case "summary" when summary is null:
                    summary = Collapse(AppendXml(new StringBuilder(), element));
                    break;
                case "returns" when returns is null:
                    returns = Collapse(AppendXml(new StringBuilder(), element));
                    break;
                case "param":
                    var name = (string?)element.Attribute("name");
                    var text = Collapse(AppendXml(new StringBuilder(), element));
                    if (name is not null && text is not null && !parameters.ContainsKey(name))
                    {
                        parameters.Add(name, text);
                    }

                    break;
            }
        }

        return summary is null && returns is null && parameters.Count == 0 ? None : new DocComments(summary, returns, parameters);
    }

    private static StringBuilder AppendXml(StringBuilder builder, XElement element)
    {
        foreach (var node in element.Nodes())
        {
            switch (node)
            {
                case XText text:
                    builder.Append(text.Value);
                    break;
                case XElement child:
                    var name = child.Name.LocalName;
                    if (name == "para")
                    {
                        builder.Append(' ');
                    }

                    if (child.IsEmpty || !child.Nodes().Any())
                    {
                        builder.Append(EmptyElementText(name, attribute => (string?)child.Attribute(attribute)));
                    }
                    else
                    {
                        AppendXml(builder, child);
                    }

                    if (name == "para")
                    {
                        builder.Append(' ');
                    }

                    break;
            }
        }

        return builder;
    }

    private static DocComments From(DocumentationCommentTriviaSyntax comment)
    {
        string? summary = null;
        string? returns = null;
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var node in comment.Content)
        {
            if (node is not XmlElementSyntax element)
            {
                continue;
            }

            switch (element.StartTag.Name.LocalName.ValueText)
            {
                case "summary" when summary is null:
                    summary = Text(element);
                    break;
                case "returns" when returns is null:
                    returns = Text(element);
                    break;
                case "param":
                    var name = Attribute(element.StartTag.Attributes, "name");
                    var text = Text(element);
                    if (name is not null && text is not null && !parameters.ContainsKey(name))
                    {
                        parameters.Add(name, text);
                    }

                    break;
            }
        }

        return summary is null && returns is null && parameters.Count == 0 ? None : new DocComments(summary, returns, parameters);
    }

    private static string? Text(XmlElementSyntax element)
    {
        var builder = new StringBuilder();
        Append(builder, element.Content);
        return Collapse(builder);
    }

    private static string? Collapse(StringBuilder text)
    {
        var collapsed = string.Join(" ", text.ToString().Split(new[] { ' ', '\t', '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries));
        return collapsed.Length == 0 ? null : collapsed;
    }

    private static void Append(StringBuilder builder, SyntaxList<XmlNodeSyntax> content)
    {
        foreach (var node in content)
        {
            switch (node)
            {
                case XmlTextSyntax text:
                    AppendTokens(builder, text.TextTokens);
                    break;
                case XmlCDataSectionSyntax cdata:
                    AppendTokens(builder, cdata.TextTokens);
                    break;
                case XmlEmptyElementSyntax empty:
                    builder.Append(EmptyElementText(empty.Name.LocalName.ValueText, name => Attribute(empty.Attributes, name)));
                    break;
                case XmlElementSyntax child:
                    var name = child.StartTag.Name.LocalName.ValueText;
                    if (name == "para")
                    {
                        builder.Append(' ');
                    }

                    if (child.Content.Count == 0)
                    {
                        builder.Append(EmptyElementText(name, attribute => Attribute(child.StartTag.Attributes, attribute)));
                    }
                    else
                    {
                        Append(builder, child.Content);
                    }

                    if (name == "para")
                    {
                        builder.Append(' ');
                    }

                    break;
            }
        }
    }

    private static void AppendTokens(StringBuilder builder, SyntaxTokenList tokens)
    {
        foreach (var token in tokens)
        {
            // ValueText decodes entities (&lt; → <); a line break inside the text is a space.
            builder.Append(token.IsKind(SyntaxKind.XmlTextLiteralNewLineToken) ? " " : token.ValueText);
        }
    }

    // What an element without content stands for: <see langword="null"/> → null, <paramref name="p"/> → p.
    private static string EmptyElementText(string name, Func<string, string?> attribute) => name switch
    {
        "see" or "seealso" => attribute("langword") ?? attribute("href") ?? ReferenceName(attribute("cref") ?? ""),
        "paramref" or "typeparamref" => attribute("name") ?? "",
        _ => "",
    };

    private static string? Attribute(SyntaxList<XmlAttributeSyntax> attributes, string name)
    {
        foreach (var attribute in attributes)
        {
            if (attribute.Name.LocalName.ValueText != name)
            {
                continue;
            }

            switch (attribute)
            {
                case XmlNameAttributeSyntax named:
                    return named.Identifier.Identifier.ValueText;
                case XmlCrefAttributeSyntax cref:
                    return cref.Cref.ToString();
                case XmlTextAttributeSyntax text:
                    var builder = new StringBuilder();
                    AppendTokens(builder, text.TextTokens);
                    return builder.ToString();
            }
        }

        return null;
    }

    // A cref as written (System.String, List{T}, Math.Max(int, int), T:System.String) → its simple name.
    private static string ReferenceName(string target)
    {
        var colon = target.IndexOf(':');
        if (colon >= 0 && colon < 3)
        {
            target = target.Substring(colon + 1);
        }

        var cut = target.IndexOfAny(new[] { '(', '[' });
        if (cut >= 0)
        {
            target = target.Substring(0, cut);
        }

        var plain = new StringBuilder(target.Length);
        var depth = 0;
        foreach (var c in target)
        {
            if (c is '{' or '<')
            {
                depth++;
            }
            else if (c is '}' or '>')
            {
                depth--;
            }
            else if (depth == 0)
            {
                plain.Append(c);
            }
        }

        var text = plain.ToString().Trim();
        var lastDot = text.LastIndexOf('.');
        var name = lastDot >= 0 ? text.Substring(lastDot + 1) : text;
        var tick = name.IndexOf('`');
        return tick >= 0 ? name.Substring(0, tick) : name;
    }
}
