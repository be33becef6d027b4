using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Xml;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;

namespace ToolGen.Generator.Parsing;

/// <summary>The <c>&lt;summary&gt;</c> and <c>&lt;param&gt;</c> texts of a method's XML doc comment.</summary>
internal sealed class DocComments
{
    private static readonly DocComments None = new(null, new Dictionary<string, string>());

    private readonly Dictionary<string, string> _parameters;

    private DocComments(string? summary, Dictionary<string, string> parameters)
    {
        Summary = summary;
        _parameters = parameters;
    }

    public string? Summary { get; }

    public string? Parameter(string name) => _parameters.TryGetValue(name, out var text) ? text : null;

    /// <summary>Reads the comment. Roslyn only builds doc XML when the project asks for documentation
    /// (GenerateDocumentationFile); otherwise the <c>///</c> lines are plain comment trivia, so they are read from
    /// the declaration instead.</summary>
    public static DocComments Read(IMethodSymbol method, CancellationToken cancellationToken)
    {
        var xml = method.GetDocumentationCommentXml(cancellationToken: cancellationToken);
        if (string.IsNullOrWhiteSpace(xml))
        {
            xml = FromTrivia(method, cancellationToken);
        }

        return string.IsNullOrWhiteSpace(xml) ? None : Parse(xml!);
    }

    private static string? FromTrivia(IMethodSymbol method, CancellationToken cancellationToken)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            var syntax = reference.GetSyntax(cancellationToken);
            var lines = new StringBuilder();
            foreach (var trivia in syntax.GetLeadingTrivia())
            {
                foreach (var line in trivia.ToFullString().Split('\n'))
                {
                    var trimmed = line.Trim();
                    if (trimmed.StartsWith("///", StringComparison.Ordinal))
                    {
                        lines.Append(trimmed.Substring(3)).Append('\n');
                    }
                }
            }

            if (lines.Length > 0)
            {
                return "<member>" + lines + "</member>";
            }
        }

        return null;
    }

    private static DocComments Parse(string xml)
    {
        XElement root;
        try
        {
            root = XElement.Parse(xml, LoadOptions.None);
        }
        catch (XmlException)
        {
            return None;
        }

        var summary = root.Element("summary") is { } element ? Text(element) : null;
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var param in root.Elements("param"))
        {
            var name = (string?)param.Attribute("name");
            var text = Text(param);
            if (name is not null && text is not null && !parameters.ContainsKey(name))
            {
                parameters.Add(name, text);
            }
        }

        return new DocComments(summary, parameters);
    }

    private static string? Text(XElement element)
    {
        var builder = new StringBuilder();
        Append(builder, element);
        var collapsed = string.Join(" ", builder.ToString().Split(new[] { ' ', '\t', '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries));
        return collapsed.Length == 0 ? null : collapsed;
    }

    private static void Append(StringBuilder builder, XElement element)
    {
        foreach (var node in element.Nodes())
        {
            switch (node)
            {
                case XText text:
                    builder.Append(text.Value);
                    break;
                case XElement child when child.Name.LocalName is "see" or "seealso" && !child.Nodes().Any():
                    builder.Append(ReferenceName(child));
                    break;
                case XElement child when child.Name.LocalName is "paramref" or "typeparamref":
                    builder.Append((string?)child.Attribute("name"));
                    break;
                case XElement child:
                    if (child.Name.LocalName == "para")
                    {
                        builder.Append(' ');
                    }

                    Append(builder, child);
                    break;
            }
        }
    }

    private static string ReferenceName(XElement see)
    {
        if ((string?)see.Attribute("langword") is { } langword)
        {
            return langword;
        }

        if ((string?)see.Attribute("href") is { } href)
        {
            return href;
        }

        var target = (string?)see.Attribute("cref") ?? "";
        var colon = target.IndexOf(':');
        if (colon >= 0 && colon < 3)
        {
            target = target.Substring(colon + 1);
        }

        var paren = target.IndexOf('(');
        if (paren >= 0)
        {
            target = target.Substring(0, paren);
        }

        var lastDot = target.LastIndexOf('.');
        var name = lastDot >= 0 ? target.Substring(lastDot + 1) : target;
        var tick = name.IndexOf('`');
        return tick >= 0 ? name.Substring(0, tick) : name;
    }
}
