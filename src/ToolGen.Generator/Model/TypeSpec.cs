namespace ToolGen.Generator.Model;

/// <summary>One node of a tool's type graph: a C# type with its identity (<see cref="Id"/>) and its shape. Children
/// (a nullable's underlying type, a collection's items, a dictionary's values, an object's members) are referred to by
/// id, so shared and recursive types are one node each. The schema writer, the binder emitter and the output writer
/// all walk this graph; each shape's facts live here or in <see cref="ScalarKinds"/>, nowhere else.</summary>
/// <param name="Id">The identity: the C# type as written in generated code, fully qualified, with nullable
/// annotations (<c>string?</c>, <c>global::System.Collections.Generic.List&lt;int?&gt;</c>).</param>
/// <param name="Shape">What kind of value the type is.</param>
/// <param name="IsValueType">Whether the type is a value type.</param>
/// <param name="Name">A short name for generated method names and <c>$defs</c>: <c>OrderLine</c>.</param>
internal sealed record TypeSpec(string Id, TypeShape Shape, bool IsValueType, string Name)
{
    /// <summary>The C# type as written in generated code; the same as <see cref="Id"/>.</summary>
    public string TypeName => Id;

    /// <summary>For <see cref="TypeShape.Scalar"/>: which scalar.</summary>
    public ScalarKind Scalar { get; init; }

    /// <summary>The id of the underlying type (<see cref="TypeShape.Nullable"/>), the item type
    /// (<see cref="TypeShape.Collection"/>) or the value type (<see cref="TypeShape.Dictionary"/>).</summary>
    public string? Element { get; init; }

    /// <summary>For <see cref="TypeShape.Collection"/>: what the binder builds.</summary>
    public CollectionKind Collection { get; init; }

    /// <summary>For <see cref="TypeShape.Enum"/>: the members in declaration order.</summary>
    public EquatableArray<EnumMember> EnumMembers { get; init; }

    /// <summary>For <see cref="TypeShape.Enum"/>: whether it is a <c>[Flags]</c> enum, read and written as an array
    /// of member names.</summary>
    public bool IsFlags { get; init; }

    /// <summary>For <see cref="TypeShape.Object"/>: the public properties, in declaration order (derived type first,
    /// as System.Text.Json orders them).</summary>
    public EquatableArray<MemberSpec> Members { get; init; }

    /// <summary>For <see cref="TypeShape.Object"/>: whether the binder can create it (a usable public constructor
    /// whose parameters all name members).</summary>
    public bool IsCreatable { get; init; }

    /// <summary>For <see cref="TypeShape.Object"/>: the C# member names the chosen constructor's parameters bind, in
    /// parameter order.</summary>
    public EquatableArray<string> ConstructorParameters { get; init; }

    /// <summary>For <see cref="TypeShape.Union"/>: the JSON name of the discriminator property (<c>$type</c> unless
    /// <c>[JsonPolymorphic]</c> names another).</summary>
    public string? Discriminator { get; init; }

    /// <summary>For <see cref="TypeShape.Union"/>: the <c>[JsonDerivedType]</c> types, each with its discriminator.</summary>
    public EquatableArray<DerivedType> Derived { get; init; }

    /// <summary>The type's own description (its <c>[Description]</c> or XML doc summary), or <see langword="null"/>.</summary>
    public string? Description { get; init; }

    /// <summary>Whether <c>null</c> is a value of the type.</summary>
    public bool IsNullable => Shape == TypeShape.Nullable;
}

/// <summary>The shapes a type can have.</summary>
internal enum TypeShape
{
    /// <summary>A type ToolGen cannot bind or write; the parser reports it with the path that reaches it.</summary>
    Unsupported,
    Scalar,
    Enum,
    Nullable,
    Collection,
    Dictionary,
    Object,

    /// <summary><c>JsonElement</c>: any JSON value (non-strict schemas only).</summary>
    Any,

    /// <summary>A <c>[JsonPolymorphic]</c>/<c>[JsonDerivedType]</c> base type: one of its derived object types, told
    /// apart by a discriminator property.</summary>
    Union,
}

/// <summary>One derived type of a <see cref="TypeShape.Union"/>.</summary>
/// <param name="Type">The id of the derived (object) type.</param>
/// <param name="Discriminator">Its discriminator value.</param>
/// <param name="Depth">How many base types it has, so more derived types are matched first.</param>
internal sealed record DerivedType(string Type, string Discriminator, int Depth);

/// <summary>The single-valued types, each one JSON type (see <see cref="ScalarKinds"/>).</summary>
internal enum ScalarKind
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
    DateOnly,
    TimeOnly,
    TimeSpan,
    Char,
    Half,
    Int128,
    UInt128,
}

/// <summary>What a collection binds to, which also decides how its size is read.</summary>
internal enum CollectionKind
{
    /// <summary><c>T[]</c>.</summary>
    Array,

    /// <summary><c>List&lt;T&gt;</c> and the list interfaces with a <c>Count</c>: <c>IList</c>,
    /// <c>ICollection</c>, <c>IReadOnlyList</c>, <c>IReadOnlyCollection</c>.</summary>
    List,

    /// <summary><c>IEnumerable&lt;T&gt;</c>, bound to a list.</summary>
    Enumerable,

    /// <summary><c>ImmutableArray&lt;T&gt;</c>.</summary>
    ImmutableArray,

    /// <summary><c>HashSet&lt;T&gt;</c>, <c>ISet&lt;T&gt;</c>, <c>IReadOnlySet&lt;T&gt;</c>: repeated items are an error.</summary>
    Set,
}

/// <summary>One enum member.</summary>
/// <param name="Name">The C# member name.</param>
/// <param name="JsonName">The name in JSON: the member name, or its <c>[JsonStringEnumMemberName]</c>.</param>
/// <param name="Value">The member's constant, raw (boxed underlying integer).</param>
internal sealed record EnumMember(string Name, string JsonName, RawValue Value);

/// <summary>One public property of an object type.</summary>
/// <param name="Name">The C# name.</param>
/// <param name="JsonName">The JSON name: <c>[JsonPropertyName]</c>, else the camelCase of <paramref name="Name"/>.</param>
/// <param name="Type">The id of the property's type.</param>
internal sealed record MemberSpec(string Name, string JsonName, string Type)
{
    /// <summary>Whether it has a public getter (and so is written in outputs).</summary>
    public bool CanRead { get; init; }

    /// <summary>Whether the binder can give it a value: a constructor parameter, a public setter or init accessor.</summary>
    public bool CanBind => ConstructorParameter >= 0 || CanSet || IsInitOnly;

    /// <summary>Whether it has a public <c>set</c> accessor.</summary>
    public bool CanSet { get; init; }

    /// <summary>Whether it has a public <c>init</c> accessor.</summary>
    public bool IsInitOnly { get; init; }

    /// <summary>The index of the constructor parameter it binds, or -1.</summary>
    public int ConstructorParameter { get; init; } = -1;

    /// <summary>Whether JSON must give it: a constructor parameter without default, a <c>required</c> member, or
    /// <c>[JsonRequired]</c>.</summary>
    public bool IsRequired { get; init; }

    /// <summary>The constructor parameter's default value, raw, when it has one.</summary>
    public RawValue? DefaultValue { get; init; }

    /// <summary>The description, or <see langword="null"/>.</summary>
    public string? Description { get; init; }

    /// <summary>The DataAnnotations rules on the member (or its constructor parameter).</summary>
    public EquatableArray<ConstraintSpec> Constraints { get; init; }
}

/// <summary>A constant from the source (a default value, an attribute argument), kept as the raw value the compiler
/// gives; formatting it as C# or JSON text is the emitters' job. Boxed primitives compare by value.</summary>
/// <param name="Value">The value: <see langword="null"/>, a string, a bool, a number, or an enum's underlying number.</param>
internal readonly record struct RawValue(object? Value);
