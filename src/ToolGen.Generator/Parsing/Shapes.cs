using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using ToolGen.Generator.Model;

namespace ToolGen.Generator.Parsing;

/// <summary>The per-shape builders of <see cref="TypeParser"/>: each recognises its types and builds their node, or
/// returns <see langword="null"/> to pass the type on to the next.</summary>
internal static class Shapes
{
    public static TypeSpec? Nullable(TypeParser parser, ITypeSymbol type, string id)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            return new TypeSpec(id, TypeShape.Nullable, true, TypeParser.ShortName(type)) { Element = parser.Ref(nullable.TypeArguments[0]) };
        }

        if (!type.IsValueType && type.NullableAnnotation == NullableAnnotation.Annotated)
        {
            var inner = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated);
            return new TypeSpec(id, TypeShape.Nullable, false, TypeParser.ShortName(inner)) { Element = parser.Ref(inner) };
        }

        return null;
    }

    public static TypeSpec? Scalar(TypeParser parser, ITypeSymbol type, string id)
    {
        ScalarKind? kind = type.SpecialType switch
        {
            SpecialType.System_String => ScalarKind.String,
            SpecialType.System_Boolean => ScalarKind.Boolean,
            SpecialType.System_SByte => ScalarKind.SByte,
            SpecialType.System_Byte => ScalarKind.Byte,
            SpecialType.System_Int16 => ScalarKind.Int16,
            SpecialType.System_UInt16 => ScalarKind.UInt16,
            SpecialType.System_Int32 => ScalarKind.Int32,
            SpecialType.System_UInt32 => ScalarKind.UInt32,
            SpecialType.System_Int64 => ScalarKind.Int64,
            SpecialType.System_UInt64 => ScalarKind.UInt64,
            SpecialType.System_Single => ScalarKind.Single,
            SpecialType.System_Double => ScalarKind.Double,
            SpecialType.System_Decimal => ScalarKind.Decimal,
            SpecialType.System_DateTime => ScalarKind.DateTime,
            SpecialType.System_Char => ScalarKind.Char,
            _ => type.ContainingType is null && TypeParser.IsNamespace(type.ContainingNamespace, "System") ? type.Name switch
            {
                "Guid" => ScalarKind.Guid,
                "DateTimeOffset" => ScalarKind.DateTimeOffset,
                "Uri" => ScalarKind.Uri,
                "DateOnly" => ScalarKind.DateOnly,
                "TimeOnly" => ScalarKind.TimeOnly,
                "TimeSpan" => ScalarKind.TimeSpan,
                "Half" => ScalarKind.Half,
                "Int128" => ScalarKind.Int128,
                "UInt128" => ScalarKind.UInt128,
                _ => null,
            } : null,
        };
        return kind is { } scalar ? new TypeSpec(id, TypeShape.Scalar, type.IsValueType, type.Name) { Scalar = scalar } : null;
    }

    public static TypeSpec? Enum(TypeParser parser, ITypeSymbol type, string id)
    {
        if (type.TypeKind != TypeKind.Enum)
        {
            return null;
        }

        var members = type.GetMembers()
            .OfType<IFieldSymbol>()
            .Where(f => f.IsConst && f.HasConstantValue)
            .Select(f => new EnumMember(f.Name, EnumJsonName(f), new RawValue(f.ConstantValue)))
            .ToEquatableArray();
        return new TypeSpec(id, TypeShape.Enum, true, type.Name)
        {
            EnumMembers = members,
            IsFlags = TypeParser.Attribute(type, "System", "FlagsAttribute") is not null,
            Description = Descriptions.Of(type, parser.CancellationToken),
        };
    }

    public static TypeSpec? JsonElement(TypeParser parser, ITypeSymbol type, string id)
        => TypeParser.Is(type, "System.Text.Json", "JsonElement") ? new TypeSpec(id, TypeShape.Any, true, "JsonElement") : null;

    public static TypeSpec? Collection(TypeParser parser, ITypeSymbol type, string id)
    {
        if (type is IArrayTypeSymbol { Rank: 1 } array)
        {
            return Of(CollectionKind.Array, array.ElementType);
        }

        if (type is not INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named)
        {
            return null;
        }

        var definition = named.OriginalDefinition;
        CollectionKind? kind = definition.Name switch
        {
            "List" or "IList" or "ICollection" or "IReadOnlyList" or "IReadOnlyCollection" when TypeParser.IsNamespace(definition.ContainingNamespace, "System.Collections.Generic") => CollectionKind.List,
            "IEnumerable" when TypeParser.IsNamespace(definition.ContainingNamespace, "System.Collections.Generic") => CollectionKind.Enumerable,
            "HashSet" or "ISet" or "IReadOnlySet" when TypeParser.IsNamespace(definition.ContainingNamespace, "System.Collections.Generic") => CollectionKind.Set,
            "ImmutableArray" when TypeParser.IsNamespace(definition.ContainingNamespace, "System.Collections.Immutable") => CollectionKind.ImmutableArray,
            _ => null,
        };
        return kind is { } collection ? Of(collection, named.TypeArguments[0]) : null;

        TypeSpec Of(CollectionKind collection, ITypeSymbol element)
            => new(id, TypeShape.Collection, type.IsValueType, TypeParser.ShortName(type)) { Collection = collection, Element = parser.Ref(element) };
    }

    public static TypeSpec? Dictionary(TypeParser parser, ITypeSymbol type, string id)
    {
        if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 2 } named
            && named.OriginalDefinition.Name is "Dictionary" or "IDictionary" or "IReadOnlyDictionary"
            && TypeParser.IsNamespace(named.OriginalDefinition.ContainingNamespace, "System.Collections.Generic"))
        {
            // Only string keys: a JSON object's keys are strings.
            return named.TypeArguments[0].SpecialType == SpecialType.System_String
                ? new TypeSpec(id, TypeShape.Dictionary, false, "DictionaryOf" + TypeParser.ShortName(named.TypeArguments[1])) { Element = parser.Ref(named.TypeArguments[1]) }
                : new TypeSpec(id, TypeShape.Unsupported, false, "Dictionary");
        }

        return null;
    }

    public static TypeSpec? Union(TypeParser parser, ITypeSymbol type, string id)
    {
        var derived = new List<DerivedType>();
        foreach (var attribute in type.GetAttributes())
        {
            if (attribute.AttributeClass is { } attributeClass
                && TypeParser.Is(attributeClass, "System.Text.Json.Serialization", "JsonDerivedTypeAttribute")
                && attribute.ConstructorArguments.Length == 2
                && attribute.ConstructorArguments[0].Value is ITypeSymbol derivedType
                && attribute.ConstructorArguments[1].Value is { } discriminator)
            {
                var depth = 0;
                for (var current = derivedType.BaseType; current is not null; current = current.BaseType)
                {
                    depth++;
                }

                derived.Add(new DerivedType(parser.Ref(derivedType), System.Convert.ToString(discriminator, System.Globalization.CultureInfo.InvariantCulture)!, depth));
            }
        }

        if (derived.Count == 0)
        {
            return null;
        }

        var polymorphic = TypeParser.Attribute(type, "System.Text.Json.Serialization", "JsonPolymorphicAttribute");
        var name = polymorphic?.NamedArguments.FirstOrDefault(a => a.Key == "TypeDiscriminatorPropertyName").Value.Value as string;
        return new TypeSpec(id, TypeShape.Union, type.IsValueType, TypeParser.ShortName(type))
        {
            Discriminator = name ?? "$type",
            Derived = derived.ToEquatableArray(),
            Description = Descriptions.Of(type, parser.CancellationToken),
        };
    }

    public static TypeSpec? Object(TypeParser parser, ITypeSymbol type, string id)
    {
        if (type is not INamedTypeSymbol named
            || named.TypeKind is not (TypeKind.Class or TypeKind.Struct)
            || named.IsStatic
            || named.SpecialType != SpecialType.None
            || named.IsUnboundGenericType
            || named.TypeArguments.Any(a => a is ITypeParameterSymbol)
            || IsPlatformType(named))
        {
            return null;
        }

        var docs = DocComments.Read(named, parser.CancellationToken);
        var constructor = Constructor(named);
        var parameters = constructor?.Parameters ?? System.Collections.Immutable.ImmutableArray<IParameterSymbol>.Empty;
        var members = new List<MemberSpec>();
        var names = new HashSet<string>(System.StringComparer.Ordinal);
        var bound = new HashSet<IParameterSymbol>(SymbolEqualityComparer.Default);
        for (var current = named; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            foreach (var property in current.GetMembers().OfType<IPropertySymbol>())
            {
                if (property.IsStatic || property.IsIndexer || property.DeclaredAccessibility != Accessibility.Public
                    || !names.Add(property.Name) || Ignored(property))
                {
                    continue;
                }

                var parameter = parameters.FirstOrDefault(p => string.Equals(p.Name, property.Name, System.StringComparison.OrdinalIgnoreCase));
                if (parameter is not null)
                {
                    bound.Add(parameter);
                }

                var setter = property.SetMethod is { DeclaredAccessibility: Accessibility.Public } set ? set : null;
                var description = Descriptions.Attribute(property) ?? (parameter is null ? null : Descriptions.Attribute(parameter))
                    ?? DocComments.Read(property, parser.CancellationToken).Summary ?? docs.Parameter(parameter?.Name ?? property.Name);
                var hasDefault = parameter is { HasExplicitDefaultValue: true };
                members.Add(new MemberSpec(property.Name, JsonName(property), parser.Ref(property.Type))
                {
                    CanRead = property.GetMethod is { DeclaredAccessibility: Accessibility.Public },
                    CanSet = setter is { IsInitOnly: false },
                    IsInitOnly = setter is { IsInitOnly: true },
                    ConstructorParameter = parameter is null ? -1 : parameters.IndexOf(parameter),
                    IsRequired = (parameter is not null && !hasDefault) || property.IsRequired
                        || TypeParser.Attribute(property, "System.Text.Json.Serialization", "JsonRequiredAttribute") is not null,
                    DefaultValue = hasDefault ? new RawValue(parameter!.ExplicitDefaultValue) : null,
                    Description = description,
                    Constraints = Constraints.Read(property, parameter),
                });
            }
        }

        // Every constructor parameter must name a member, as System.Text.Json requires.
        var creatable = constructor is not null && !named.IsAbstract && bound.Count == parameters.Length;
        var byIndex = members.Where(m => m.ConstructorParameter >= 0).OrderBy(m => m.ConstructorParameter).Select(m => m.Name);
        return new TypeSpec(id, TypeShape.Object, named.IsValueType, TypeParser.ShortName(named))
        {
            Members = members.ToEquatableArray(),
            IsCreatable = creatable,
            ConstructorParameters = creatable ? byIndex.ToEquatableArray() : EquatableArray<string>.Empty,
            Description = Descriptions.Attribute(named) ?? docs.Summary,
        };
    }

    // The constructor System.Text.Json would use: [JsonConstructor], else the public parameterless one, else the only
    // public one. A struct always has a parameterless constructor, so there a single declared one with parameters wins
    // (a positional record struct's).
    private static IMethodSymbol? Constructor(INamedTypeSymbol type)
    {
        var constructors = type.InstanceConstructors.Where(c => c.DeclaredAccessibility == Accessibility.Public).ToList();
        var marked = constructors.FirstOrDefault(c => TypeParser.Attribute(c, "System.Text.Json.Serialization", "JsonConstructorAttribute") is not null);
        if (marked is not null)
        {
            return marked;
        }

        if (type.IsValueType)
        {
            var declared = constructors.Where(c => !c.IsImplicitlyDeclared && c.Parameters.Length > 0).ToList();
            return declared.Count == 1 ? declared[0] : constructors.FirstOrDefault(c => c.Parameters.Length == 0);
        }

        return constructors.FirstOrDefault(c => c.Parameters.Length == 0) ?? (constructors.Count == 1 ? constructors[0] : null);
    }

    private static bool Ignored(IPropertySymbol property)
    {
        var ignore = TypeParser.Attribute(property, "System.Text.Json.Serialization", "JsonIgnoreAttribute");
        if (ignore is null)
        {
            return false;
        }

        // JsonIgnoreCondition.Always (the default, 1) drops the member; the conditional ones only skip some values.
        var condition = ignore.NamedArguments.FirstOrDefault(a => a.Key == "Condition").Value;
        return condition.Value is null || condition.Value is 1;
    }

    // Types of the platform (System.*, Microsoft.*) are not data objects a model could fill in: streams, tasks,
    // delegates, reflection types.
    private static bool IsPlatformType(INamedTypeSymbol type)
    {
        var ns = type.ContainingNamespace;
        while (ns is { ContainingNamespace.IsGlobalNamespace: false })
        {
            ns = ns.ContainingNamespace;
        }

        return ns is { IsGlobalNamespace: false, Name: "System" or "Microsoft" };
    }

    private static string JsonName(IPropertySymbol property)
        => TypeParser.Attribute(property, "System.Text.Json.Serialization", "JsonPropertyNameAttribute") is { ConstructorArguments.Length: 1 } attribute
            && attribute.ConstructorArguments[0].Value is string name
                ? name
                : MemberNames.CamelCase(property.Name);

    private static string EnumJsonName(IFieldSymbol field)
        => TypeParser.Attribute(field, "System.Text.Json.Serialization", "JsonStringEnumMemberNameAttribute") is { ConstructorArguments.Length: 1 } attribute
            && attribute.ConstructorArguments[0].Value is string name
                ? name
                : field.Name;
}
