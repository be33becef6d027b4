using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using ToolGen.Generator.Model;

namespace ToolGen.Generator.Parsing;

/// <summary>Builds a tool's type graph: every type its parameters and return value reach, parsed once each with a
/// work queue (as System.Text.Json's generator does), so shared and recursive types need no special case. Which C#
/// types ToolGen supports is decided here, by an ordered chain of per-shape builders (docs/types.md).</summary>
internal sealed class TypeParser
{
    public static readonly SymbolDisplayFormat Format = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    private delegate TypeSpec? Builder(TypeParser parser, ITypeSymbol type, string id);

    // Tried in order; the first that recognises a type builds its node.
    private static readonly Builder[] Builders =
    [
        Shapes.Nullable,
        Shapes.Scalar,
        Shapes.Enum,
        Shapes.JsonElement,
        Shapes.Collection,
        Shapes.Dictionary,
        Shapes.Union,
        Shapes.Object,
    ];

    private readonly Dictionary<string, TypeSpec> _types = new(System.StringComparer.Ordinal);
    private readonly Queue<(ITypeSymbol Type, string Id)> _pending = new();
    private readonly HashSet<string> _queued = new(System.StringComparer.Ordinal);
    private readonly CancellationToken _cancellationToken;

    public TypeParser(CancellationToken cancellationToken) => _cancellationToken = cancellationToken;

    /// <summary>Every type added so far, in a deterministic order.</summary>
    public EquatableArray<TypeSpec> Types => _types.Values.OrderBy(t => t.Id, System.StringComparer.Ordinal).ToEquatableArray();

    public TypeGraph Graph => new(_types.Values);

    public CancellationToken CancellationToken => _cancellationToken;

    /// <summary>Adds <paramref name="type"/> and everything it reaches; returns its id.</summary>
    public string Add(ITypeSymbol type)
    {
        var id = Ref(type);
        while (_pending.Count > 0)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var (next, nextId) = _pending.Dequeue();
            _types[nextId] = Build(next, nextId);
        }

        return id;
    }

    /// <summary>The id of <paramref name="type"/>, queueing it to be parsed when it is new. Builders call this for
    /// the types a type refers to.</summary>
    public string Ref(ITypeSymbol type)
    {
        var id = Id(type);
        if (_queued.Add(id))
        {
            _pending.Enqueue((type, id));
        }

        return id;
    }

    /// <summary>The identity of a type: as generated code writes it, with nullable annotations. A reference in a
    /// <c>#nullable disable</c> context has annotation None and counts as non-nullable.</summary>
    public static string Id(ITypeSymbol type)
    {
        if (!type.IsValueType && type.NullableAnnotation != NullableAnnotation.Annotated)
        {
            type = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated);
        }

        return type.ToDisplayString(Format);
    }

    private TypeSpec Build(ITypeSymbol type, string id)
    {
        foreach (var builder in Builders)
        {
            if (builder(this, type, id) is { } spec)
            {
                return spec;
            }
        }

        return new TypeSpec(id, TypeShape.Unsupported, type.IsValueType, ShortName(type));
    }

    /// <summary>The simple name of a type with its type arguments' names appended (<c>PageOfOrderLine</c>), for
    /// generated names.</summary>
    public static string ShortName(ITypeSymbol type) => type switch
    {
        IArrayTypeSymbol array => ShortName(array.ElementType) + "Array",
        INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable => "Nullable" + ShortName(nullable.TypeArguments[0]),
        INamedTypeSymbol { IsGenericType: true } named => named.Name + "Of" + string.Join("And", named.TypeArguments.Select(ShortName)),
        _ => type.Name.Length == 0 ? "Value" : type.Name,
    };

    /// <summary>Whether <paramref name="type"/> is the top-level type <paramref name="name"/> in the namespace
    /// <paramref name="namespace"/> (dotted). Compares names part by part: this runs for every parameter and
    /// attribute after every edit, and <c>ToDisplayString</c> would build a string each time.</summary>
    public static bool Is(ITypeSymbol type, string @namespace, string name)
        => type.Name == name && type.ContainingType is null && IsNamespace(type.ContainingNamespace, @namespace);

    /// <summary>Whether <paramref name="symbol"/> has the attribute <paramref name="name"/> of <paramref name="namespace"/>.</summary>
    public static AttributeData? Attribute(ISymbol symbol, string @namespace, string name)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass is { } attributeClass && Is(attributeClass, @namespace, name))
            {
                return attribute;
            }
        }

        return null;
    }

    public static bool IsNamespace(INamespaceSymbol? symbol, string dotted)
    {
        var end = dotted.Length;
        for (; symbol is { IsGlobalNamespace: false }; symbol = symbol.ContainingNamespace)
        {
            if (end <= 0)
            {
                return false;
            }

            var dot = dotted.LastIndexOf('.', end - 1);
            var length = end - dot - 1;
            if (symbol.Name.Length != length || string.CompareOrdinal(dotted, dot + 1, symbol.Name, 0, length) != 0)
            {
                return false;
            }

            end = dot;
        }

        return symbol is not null && end == -1;
    }
}
