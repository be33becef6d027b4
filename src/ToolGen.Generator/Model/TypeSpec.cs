namespace ToolGen.Generator.Model;

/// <summary>What a parameter or return value is, in the terms every part of the generator works with: schema,
/// binder and result writer all start from the <see cref="Kind"/>, and look up its facts in <see cref="ScalarKinds"/>.</summary>
/// <param name="Kind">The kind.</param>
/// <param name="TypeName">The C# type as written in generated code, fully qualified, without a top-level <c>?</c>:
/// <c>int</c>, <c>global::System.Collections.Generic.List&lt;string?&gt;</c>.</param>
/// <param name="IsNullable">Whether <c>null</c> is a value of the type (<c>T?</c>, value or reference).</param>
/// <param name="IsValueType">Whether the underlying type is a value type.</param>
/// <param name="Collection">For <see cref="ValueKind.Array"/>: which collection type to build.</param>
/// <param name="Element">For <see cref="ValueKind.Array"/>: the item type.</param>
/// <param name="EnumMembers">For <see cref="ValueKind.Enum"/>: the members, in declaration order.</param>
internal sealed record TypeSpec(
    ValueKind Kind,
    string TypeName,
    bool IsNullable,
    bool IsValueType,
    CollectionKind Collection,
    TypeSpec? Element,
    EquatableArray<EnumMember> EnumMembers)
{
    /// <summary>The C# type including its nullability: <c>int?</c>, <c>string?</c>, <c>string</c>.</summary>
    public string DeclaredTypeName => IsNullable ? TypeName + "?" : TypeName;
}

/// <summary>The kinds of value ToolGen binds. Scalars map to one JSON type; <see cref="Enum"/> and
/// <see cref="Array"/> carry more detail in <see cref="TypeSpec"/>.</summary>
internal enum ValueKind
{
    String,
    Boolean,
    SByte,
    Byte,
    Int16,
    UInt16,
    Int32,
    UInt32,
    Int64,
    UInt64,
    Single,
    Double,
    Decimal,
    Guid,
    DateTime,
    DateTimeOffset,
    Uri,
    Enum,
    Array,
}

/// <summary>Which collection an <see cref="ValueKind.Array"/> binds to.</summary>
internal enum CollectionKind
{
    None,
    Array,
    List,
    ReadOnlyList,
}

/// <summary>One enum member.</summary>
/// <param name="Name">The C# member name.</param>
/// <param name="JsonName">The name in JSON: the member name, or its <c>[JsonStringEnumMemberName]</c>.</param>
internal sealed record EnumMember(string Name, string JsonName);
