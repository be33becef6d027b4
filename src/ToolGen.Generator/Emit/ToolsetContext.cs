using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ToolGen.Generator.Model;

namespace ToolGen.Generator.Emit;

/// <summary>Names shared by the parts of one generated tool set: the merged type graph of its tools, per-tool method
/// suffixes, the read and write method of each type, enum name tables and the cached patterns.</summary>
internal sealed class ToolsetContext
{
    private readonly Dictionary<ToolSpec, string> _suffixes = new();
    private readonly Dictionary<string, string> _methodNames = new(System.StringComparer.Ordinal);
    private readonly HashSet<string> _reads = new(System.StringComparer.Ordinal);
    private readonly HashSet<string> _writes = new(System.StringComparer.Ordinal);
    private readonly Dictionary<string, string> _enums = new(System.StringComparer.Ordinal);
    private readonly Dictionary<string, string> _patterns = new(System.StringComparer.Ordinal);
    private readonly Dictionary<string, string> _discriminators = new(System.StringComparer.Ordinal);

    public ToolsetContext(ToolsetSpec toolset)
    {
        Graph = new TypeGraph(toolset.Tools.SelectMany(t => t.Types));

        // "Invoke" + "CoreAsync" or "Async" would collide with the ToolSet members of those names.
        var used = new HashSet<string>(System.StringComparer.Ordinal) { "CoreAsync", "Async" };
        foreach (var tool in toolset.Tools)
        {
            var suffix = tool.MethodName;
            for (var i = 2; !used.Add(suffix); i++)
            {
                suffix = tool.MethodName + i.ToString(CultureInfo.InvariantCulture);
            }

            _suffixes[tool] = suffix;
            foreach (var parameter in tool.Parameters.Where(p => p.IsArgument))
            {
                Reach(parameter.Type, input: true);
                CollectPatterns(parameter.Constraints);
            }

            if (tool.Return.Value is { } value)
            {
                Reach(value, input: false);
            }
        }

        var names = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var id in _reads.Concat(_writes).Distinct().OrderBy(id => id, System.StringComparer.Ordinal))
        {
            var name = Graph[id].Name;
            var unique = name;
            for (var i = 2; !names.Add(unique); i++)
            {
                unique = name + i.ToString(CultureInfo.InvariantCulture);
            }

            _methodNames[id] = unique;
        }
    }

    public TypeGraph Graph { get; }

    public string MethodSuffix(ToolSpec tool) => _suffixes[tool];

    /// <summary>The types that get a generated read method, in a stable order.</summary>
    public IEnumerable<TypeSpec> ReadTypes => _reads.OrderBy(id => id, System.StringComparer.Ordinal).Select(id => Graph[id]);

    /// <summary>The types that get a generated write method, in a stable order.</summary>
    public IEnumerable<TypeSpec> WriteTypes => _writes.OrderBy(id => id, System.StringComparer.Ordinal).Select(id => Graph[id]);

    public IEnumerable<(string Prefix, TypeSpec Type)> EnumTables
        => _enums.OrderBy(e => e.Value, System.StringComparer.Ordinal).Select(e => (e.Value, Graph[e.Key]));

    public IEnumerable<(string Field, string Pattern)> Patterns
        => _patterns.OrderBy(p => p.Value, System.StringComparer.Ordinal).Select(p => (p.Value, p.Key));

    public string ReadMethod(TypeSpec type) => "Read" + _methodNames[type.Id];

    public string WriteMethod(TypeSpec type) => "Write" + _methodNames[type.Id];

    public string EnumPrefix(TypeSpec type) => _enums[type.Id];

    public string PatternField(string pattern) => _patterns[pattern];

    /// <summary>The discriminator property of a union the object type is a derived type of, or <see langword="null"/>.</summary>
    public string? DiscriminatorOf(TypeSpec type) => _discriminators.TryGetValue(type.Id, out var name) ? name : null;

    // Read methods for what the binder reads (bindable members), write methods for what outputs write (readable
    // members); scalars and nullables need neither, enums only their name table unless they are [Flags].
    private void Reach(string id, bool input)
    {
        var type = Graph[id];
        if (type.Shape == TypeShape.Enum && !_enums.ContainsKey(id))
        {
            var prefix = type.Name;
            for (var i = 2; _enums.ContainsValue(prefix); i++)
            {
                prefix = type.Name + i.ToString(CultureInfo.InvariantCulture);
            }

            _enums.Add(id, prefix);
        }

        var needsMethod = type.Shape is TypeShape.Collection or TypeShape.Dictionary or TypeShape.Object or TypeShape.Union || (type.Shape == TypeShape.Enum && type.IsFlags);
        if (needsMethod && !(input ? _reads : _writes).Add(id))
        {
            return;
        }

        switch (type.Shape)
        {
            case TypeShape.Nullable or TypeShape.Collection or TypeShape.Dictionary:
                Reach(type.Element!, input);
                break;
            case TypeShape.Union:
                foreach (var derived in type.Derived)
                {
                    _discriminators[derived.Type] = type.Discriminator!;
                    Reach(derived.Type, input);
                }

                break;
            case TypeShape.Object:
                foreach (var member in type.Members.Where(m => input ? m.CanBind : m.CanRead))
                {
                    Reach(member.Type, input);
                    if (input)
                    {
                        CollectPatterns(member.Constraints);
                    }
                }

                break;
        }
    }

    private void CollectPatterns(EquatableArray<ConstraintSpec> constraints)
    {
        foreach (var rule in constraints.Where(c => c.Kind == ConstraintKind.Pattern))
        {
            var pattern = Schema.Rules.Anchored((string)rule.Values[0].Value!);
            if (!_patterns.ContainsKey(pattern))
            {
                _patterns.Add(pattern, "s_pattern" + _patterns.Count.ToString(CultureInfo.InvariantCulture));
            }
        }
    }
}
