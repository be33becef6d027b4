using System.Collections.Generic;

namespace ToolGen.Generator.Model;

/// <summary>Looks up the nodes of one or more type graphs by id (the graphs of a tool set's tools share their common
/// types, which have equal specs).</summary>
internal sealed class TypeGraph
{
    private readonly Dictionary<string, TypeSpec> _types = new(System.StringComparer.Ordinal);

    public TypeGraph(IEnumerable<TypeSpec> types)
    {
        foreach (var type in types)
        {
            _types[type.Id] = type;
        }
    }

    public TypeSpec this[string id] => _types[id];

    public IEnumerable<TypeSpec> All => _types.Values;

    /// <summary>The type itself, or for a nullable type its underlying one.</summary>
    public TypeSpec NonNullable(string id)
    {
        var type = _types[id];
        return type.Shape == TypeShape.Nullable ? _types[type.Element!] : type;
    }

    /// <summary>What a value of the type looks like in JSON Schema terms, for an error's <c>expected</c>.</summary>
    public string Expected(string id)
    {
        var type = _types[id];
        return type.Shape switch
        {
            TypeShape.Nullable => Expected(type.Element!) + " or null",
            TypeShape.Scalar => ScalarKinds.Get(type.Scalar).JsonType,
            TypeShape.Enum when type.IsFlags => "array",
            TypeShape.Enum => "one of " + string.Join(", ", System.Linq.Enumerable.Select(type.EnumMembers, m => "\"" + m.JsonName + "\"")),
            TypeShape.Collection => "array",
            TypeShape.Dictionary or TypeShape.Object or TypeShape.Union => "object",
            _ => "any JSON value",
        };
    }
}
