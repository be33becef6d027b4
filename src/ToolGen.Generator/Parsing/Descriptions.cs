using System.Threading;
using Microsoft.CodeAnalysis;

namespace ToolGen.Generator.Parsing;

/// <summary>Where descriptions come from: <c>[System.ComponentModel.Description]</c>, else the XML doc comment.</summary>
internal static class Descriptions
{
    public static string? Attribute(ISymbol symbol)
        => TypeParser.Attribute(symbol, "System.ComponentModel", "DescriptionAttribute") is { ConstructorArguments.Length: 1 } attribute
            && attribute.ConstructorArguments[0].Value is string text
                ? text
                : null;

    public static string? Of(ISymbol symbol, CancellationToken cancellationToken)
        => Attribute(symbol) ?? DocComments.Read(symbol, cancellationToken).Summary;
}
