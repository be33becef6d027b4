using System.Linq;
using Microsoft.CodeAnalysis;
using ToolGen.Generator.Model;

namespace ToolGen.Generator.Parsing;

/// <summary>Maps a parameter or return type onto a <see cref="TypeSpec"/>: the one place deciding which C# types
/// ToolGen supports (docs/types.md).</summary>
internal static class TypeParser
{
    public static readonly SymbolDisplayFormat Format = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>The spec of <paramref name="type"/>, or <see langword="null"/> when it is not supported.</summary>
    public static TypeSpec? Parse(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            var inner = Parse(nullable.TypeArguments[0]);
            return inner is null ? null : inner with { IsNullable = true };
        }

        // A reference in a '#nullable disable' context has annotation None and counts as non-nullable.
        var isNullable = !type.IsValueType && type.NullableAnnotation == NullableAnnotation.Annotated;
        var plain = type.IsValueType ? type : type.WithNullableAnnotation(NullableAnnotation.NotAnnotated);
        var typeName = plain.ToDisplayString(Format);

        TypeSpec Scalar(ValueKind kind) => new(kind, typeName, isNullable, type.IsValueType, CollectionKind.None, null, EquatableArray<EnumMember>.Empty);

        switch (type.SpecialType)
        {
            case SpecialType.System_String: return Scalar(ValueKind.String);
            case SpecialType.System_Boolean: return Scalar(ValueKind.Boolean);
            case SpecialType.System_SByte: return Scalar(ValueKind.SByte);
            case SpecialType.System_Byte: return Scalar(ValueKind.Byte);
            case SpecialType.System_Int16: return Scalar(ValueKind.Int16);
            case SpecialType.System_UInt16: return Scalar(ValueKind.UInt16);
            case SpecialType.System_Int32: return Scalar(ValueKind.Int32);
            case SpecialType.System_UInt32: return Scalar(ValueKind.UInt32);
            case SpecialType.System_Int64: return Scalar(ValueKind.Int64);
            case SpecialType.System_UInt64: return Scalar(ValueKind.UInt64);
            case SpecialType.System_Single: return Scalar(ValueKind.Single);
            case SpecialType.System_Double: return Scalar(ValueKind.Double);
            case SpecialType.System_Decimal: return Scalar(ValueKind.Decimal);
            case SpecialType.System_DateTime: return Scalar(ValueKind.DateTime);
        }

        if (type is IArrayTypeSymbol { Rank: 1 } array)
        {
            return Collection(CollectionKind.Array, array.ElementType);
        }

        if (type is not INamedTypeSymbol named)
        {
            return null;
        }

        if (named.TypeKind == Microsoft.CodeAnalysis.TypeKind.Enum)
        {
            var members = named.GetMembers()
                .OfType<IFieldSymbol>()
                .Where(f => f.IsConst && f.HasConstantValue)
                .Select(f => new EnumMember(f.Name, JsonName(f)))
                .ToEquatableArray();
            return Scalar(ValueKind.Enum) with { EnumMembers = members };
        }

        if (Is(named, "System", "Guid"))
        {
            return Scalar(ValueKind.Guid);
        }

        if (Is(named, "System", "DateTimeOffset"))
        {
            return Scalar(ValueKind.DateTimeOffset);
        }

        if (Is(named, "System", "Uri"))
        {
            return Scalar(ValueKind.Uri);
        }

        if (named.IsGenericType && named.TypeArguments.Length == 1)
        {
            var definition = named.OriginalDefinition;
            if (Is(definition, "System.Collections.Generic", "List"))
            {
                return Collection(CollectionKind.List, named.TypeArguments[0]);
            }

            if (Is(definition, "System.Collections.Generic", "IReadOnlyList"))
            {
                return Collection(CollectionKind.ReadOnlyList, named.TypeArguments[0]);
            }
        }

        return null;

        TypeSpec? Collection(CollectionKind collection, ITypeSymbol elementType)
        {
            var element = Parse(elementType);
            return element is null
                ? null
                : new TypeSpec(ValueKind.Array, typeName, isNullable, false, collection, element, EquatableArray<EnumMember>.Empty);
        }
    }

    /// <summary>Whether <paramref name="type"/> is the top-level type <paramref name="name"/> in the namespace
    /// <paramref name="namespace"/> (dotted). Compares names part by part: this runs for every parameter and
    /// attribute after every edit, and <c>ToDisplayString</c> would build a string each time.</summary>
    public static bool Is(ITypeSymbol type, string @namespace, string name)
        => type.Name == name && type.ContainingType is null && IsNamespace(type.ContainingNamespace, @namespace);

    private static bool IsNamespace(INamespaceSymbol? symbol, string dotted)
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

    private static string JsonName(IFieldSymbol field)
    {
        foreach (var attribute in field.GetAttributes())
        {
            if (attribute.AttributeClass is { } attributeClass
                && Is(attributeClass, "System.Text.Json.Serialization", "JsonStringEnumMemberNameAttribute")
                && attribute.ConstructorArguments.Length == 1
                && attribute.ConstructorArguments[0].Value is string name)
            {
                return name;
            }
        }

        return field.Name;
    }
}
