using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using ToolGen.Generator.Emit;
using ToolGen.Generator.Model;

namespace ToolGen.Generator.Schema;

/// <summary>Writes the JSON Schema of a tool's arguments object as compact JSON text by walking its type graph.</summary>
/// <remarks>
/// Strict mode (OpenAI Structured Outputs) lists every property in <c>required</c> and gives optional ones a union
/// with <c>null</c>; it never uses <c>default</c>, <c>minLength</c>/<c>maxLength</c>, <c>not</c> or the <c>uri</c>
/// format, so those rules go into the description. Non-strict schemas list only required properties and use the full
/// vocabulary. Both forbid additional properties, since the binder rejects unknown ones anyway. Object types used
/// more than once, or recursively, are written once under <c>$defs</c> and referred to with <c>$ref</c>.
/// <para>The output schema (<see cref="WriteOutput"/>) describes what the generated output writer writes: every readable
/// member under its JSON name, each one required (the writer always writes it), never strict, and without the
/// DataAnnotations rules and default values, which bind arguments but are not checked on results.</para>
/// </remarks>
internal sealed class SchemaWriter
{
    private readonly TypeGraph _graph;
    private readonly bool _strict;
    private readonly bool _output;
    private readonly Dictionary<string, string> _defNames = new(System.StringComparer.Ordinal);
    private readonly Dictionary<string, string> _defBodies = new(System.StringComparer.Ordinal);
    private int _properties;
    private int _enumValues;
    private int _nesting;

    private SchemaWriter(ToolSpec tool, bool output)
    {
        _graph = new TypeGraph(tool.Types);
        _strict = tool.Strict && !output;
        _output = output;
    }

    public static string Write(ToolSpec tool) => Measure(tool).Json;

    /// <summary>The schema with its size: the properties (of every object, each <c>$defs</c> entry once), the values
    /// of every <c>enum</c> list as written (<c>null</c> included), and the deepest nesting (root properties are level
    /// 1; an array's items and an object's properties one level deeper).</summary>
    public static (string Json, int Properties, int EnumValues, int Nesting) Measure(ToolSpec tool)
    {
        var writer = new SchemaWriter(tool, output: false);
        writer.PlanDefinitions(tool.Parameters.Where(p => p.IsArgument).Select(p => p.Type));
        var json = new StringBuilder();
        json.Append("{\"type\":\"object\",\"properties\":{");
        var arguments = tool.Parameters.Where(p => p.IsArgument).ToList();
        for (var i = 0; i < arguments.Count; i++)
        {
            var parameter = arguments[i];
            json.Append(i > 0 ? "," : "");
            JsonText.Append(json, parameter.Name);
            json.Append(':');
            writer._properties++;
            var nullable = tool.Strict && parameter.HasDefault;
            var note = parameter.HasDefault ? writer.DefaultNote(parameter.DefaultValue, parameter.Type) : null;
            writer.WriteValue(json, parameter.Type, nullable, Join(parameter.Description, note), parameter.Constraints, 1);
        }

        json.Append("},\"required\":[");
        json.Append(string.Join(",", arguments.Where(p => tool.Strict || !p.HasDefault).Select(p => JsonText.String(p.Name))));
        json.Append("],\"additionalProperties\":false");
        writer.AppendDefinitions(json);
        json.Append('}');
        return (json.ToString(), writer._properties, writer._enumValues, writer._nesting);
    }

    /// <summary>The JSON Schema of the tool's output (an MCP tool's <c>outputSchema</c>), or <see langword="null"/>
    /// when the output is not always a JSON object: MCP requires <c>"type":"object"</c> at the root, so only a
    /// non-nullable record, class or struct result (after unwrapping the task) gets one; strings, numbers, lists,
    /// dictionaries, unions, nullable results and <c>void</c> get none.</summary>
    public static string? WriteOutput(ToolSpec tool)
    {
        var writer = new SchemaWriter(tool, output: true);
        if (tool.Return.Value is not { } id || writer._graph[id].Shape != TypeShape.Object)
        {
            return null;
        }

        writer.PlanDefinitions([id]);
        var root = writer._graph[id];

        // Written inline even when the type is recursive, so the root is an object schema; inner references to it
        // use its $defs entry.
        var json = new StringBuilder();
        writer.WriteObject(json, root, false, root.Description, 0);
        json.Length--;
        writer.AppendDefinitions(json);
        json.Append('}');
        return json.ToString();
    }

    private void AppendDefinitions(StringBuilder json)
    {
        if (_defBodies.Count > 0)
        {
            json.Append(",\"$defs\":{");
            json.Append(string.Join(",", _defNames.Where(d => _defBodies.ContainsKey(d.Key)).OrderBy(d => d.Value, System.StringComparer.Ordinal)
                .Select(d => JsonText.String(d.Value) + ":" + _defBodies[d.Key])));
            json.Append('}');
        }
    }

    // Arguments bind the members the binder can set; outputs write the members with a public getter.
    private IEnumerable<MemberSpec> Members(TypeSpec type) => type.Members.Where(m => _output ? m.CanRead : m.CanBind);

    // Object types reached more than once, or from themselves, go to $defs; the rest are written inline.
    private void PlanDefinitions(IEnumerable<string> roots)
    {
        var references = new Dictionary<string, int>(System.StringComparer.Ordinal);
        var onPath = new HashSet<string>(System.StringComparer.Ordinal);
        var shared = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var root in roots)
        {
            Visit(root);
        }

        foreach (var id in shared.OrderBy(id => id, System.StringComparer.Ordinal))
        {
            var name = _graph[id].Name;
            var unique = name;
            for (var i = 2; _defNames.ContainsValue(unique); i++)
            {
                unique = name + i.ToString(CultureInfo.InvariantCulture);
            }

            _defNames.Add(id, unique);
        }

        void Visit(string id)
        {
            var type = _graph[id];
            if (type.Shape is TypeShape.Nullable or TypeShape.Collection or TypeShape.Dictionary)
            {
                Visit(type.Element!);
                return;
            }

            if (type.Shape is not (TypeShape.Object or TypeShape.Union))
            {
                return;
            }

            references[id] = references.TryGetValue(id, out var count) ? count + 1 : 1;
            if (onPath.Contains(id) || references[id] > 1)
            {
                shared.Add(id);
                return;
            }

            onPath.Add(id);
            var objects = type.Shape == TypeShape.Union ? type.Derived.Select(d => _graph[d.Type]) : [type];
            foreach (var member in objects.SelectMany(Members))
            {
                Visit(member.Type);
            }

            onPath.Remove(id);
        }
    }

    private void WriteValue(StringBuilder json, string id, bool nullable, string? description, EquatableArray<ConstraintSpec> constraints, int depth)
    {
        _nesting = System.Math.Max(_nesting, depth);
        var type = _graph[id];
        if (type.Shape == TypeShape.Nullable)
        {
            nullable = true;
            type = _graph[type.Element!];
        }

        var notes = new List<string>();
        if (type.Shape is TypeShape.Object or TypeShape.Union && _defNames.TryGetValue(type.Id, out var defName))
        {
            if (!_defBodies.ContainsKey(type.Id))
            {
                // Reserved first, so a recursive reference inside the body finds it.
                _defBodies[type.Id] = "";
                var body = new StringBuilder();
                if (type.Shape == TypeShape.Union)
                {
                    WriteUnion(body, type, false, type.Description, depth);
                }
                else
                {
                    WriteObject(body, type, false, type.Description, depth);
                }

                _defBodies[type.Id] = body.ToString();
            }

            var reference = "{\"$ref\":" + JsonText.String("#/$defs/" + defName) + "}";
            json.Append(nullable ? "{\"anyOf\":[" + reference + ",{\"type\":\"null\"}]" : reference.TrimEnd('}'));
            AppendDescription(json, description, notes);
            json.Append('}');
            return;
        }

        switch (type.Shape)
        {
            case TypeShape.Object:
                WriteObject(json, type, nullable, description ?? type.Description, depth);
                return;
            case TypeShape.Union:
                WriteUnion(json, type, nullable, description ?? type.Description, depth);
                return;
            case TypeShape.Any:
                json.Append('{');
                AppendDescription(json, description, notes, first: true);
                json.Append('}');
                return;
        }

        json.Append("{\"type\":");
        switch (type.Shape)
        {
            case TypeShape.Scalar:
                var scalar = ScalarKinds.Get(type.Scalar);
                AppendType(json, scalar.JsonType, nullable);
                if (scalar.Format is not null && (scalar.FormatIsStrict || !_strict))
                {
                    json.Append(",\"format\":\"").Append(scalar.Format).Append('"');
                }

                AppendBounds(json, scalar, constraints);
                if (type.Scalar == ScalarKind.Char && !_strict)
                {
                    // Strict mode has no length keywords; there the note below says it.
                    json.Append(",\"minLength\":1,\"maxLength\":1");
                }

                if (scalar.Pattern is not null && !constraints.Any(c => c.Kind == ConstraintKind.Pattern))
                {
                    json.Append(",\"pattern\":");
                    JsonText.Append(json, scalar.Pattern);
                }

                if (scalar.Note is not null)
                {
                    notes.Add(scalar.Note);
                }

                break;
            case TypeShape.Enum when type.IsFlags:
                AppendType(json, "array", nullable);
                json.Append(",\"items\":{\"type\":\"string\",\"enum\":[").Append(string.Join(",", type.EnumMembers.Select(m => JsonText.String(m.JsonName)))).Append("]}");
                _enumValues += type.EnumMembers.Count;

                // An output never repeats a name. Arguments may: the binder combines the names, and a repeat adds
                // nothing, so the parameters schema does not forbid it.
                if (_output)
                {
                    json.Append(",\"uniqueItems\":true");
                }

                notes.Add("Flags: list the names to combine.");
                break;
            case TypeShape.Enum:
                AppendType(json, "string", nullable);
                var values = type.EnumMembers.Select(m => JsonText.String(m.JsonName)).ToList();
                if (nullable)
                {
                    values.Add("null");
                }

                _enumValues += values.Count;
                json.Append(",\"enum\":[").Append(string.Join(",", values)).Append(']');
                break;
            case TypeShape.Collection:
                AppendType(json, "array", nullable);
                json.Append(",\"items\":");
                WriteValue(json, type.Element!, false, null, EquatableArray<ConstraintSpec>.Empty, depth + 1);
                if (type.Collection == CollectionKind.Set)
                {
                    if (_strict)
                    {
                        notes.Add("Items must be unique.");
                    }
                    else
                    {
                        json.Append(",\"uniqueItems\":true");
                    }
                }

                break;
            case TypeShape.Dictionary:
                AppendType(json, "object", nullable);
                json.Append(",\"additionalProperties\":");
                WriteValue(json, type.Element!, false, null, EquatableArray<ConstraintSpec>.Empty, depth + 1);
                break;
        }

        Rules.Append(json, type, nullable, constraints, _strict, notes, ref _enumValues);
        AppendDescription(json, description, notes);
        json.Append('}');
    }

    // One object schema per derived type, each with its discriminator as a required one-value property.
    private void WriteUnion(StringBuilder json, TypeSpec type, bool nullable, string? description, int depth)
    {
        json.Append("{\"anyOf\":[");
        for (var i = 0; i < type.Derived.Count; i++)
        {
            var derived = type.Derived[i];
            json.Append(i > 0 ? "," : "");
            var derivedType = _graph[derived.Type];
            WriteObject(json, derivedType, false, derivedType.Description, depth, (type.Discriminator!, derived.Discriminator));
        }

        json.Append(nullable ? ",{\"type\":\"null\"}]" : "]");
        AppendDescription(json, description, new List<string>());
        json.Append('}');
    }

    private void WriteObject(StringBuilder json, TypeSpec type, bool nullable, string? description, int depth, (string Name, string Value)? discriminator = null)
    {
        json.Append("{\"type\":");
        AppendType(json, "object", nullable);
        json.Append(",\"properties\":{");
        var members = Members(type).ToList();
        var required = members.Where(m => _output || _strict || m.IsRequired).Select(m => JsonText.String(m.JsonName)).ToList();
        if (discriminator is { } tag)
        {
            JsonText.Append(json, tag.Name);
            json.Append(":{\"type\":\"string\",\"enum\":[").Append(JsonText.String(tag.Value)).Append("]}");
            json.Append(members.Count > 0 ? "," : "");
            required.Insert(0, JsonText.String(tag.Name));
            _properties++;
            _enumValues++;
        }

        for (var i = 0; i < members.Count; i++)
        {
            var member = members[i];
            json.Append(i > 0 ? "," : "");
            JsonText.Append(json, member.JsonName);
            json.Append(':');
            _properties++;
            var memberType = _graph.NonNullable(member.Type);
            var note = member.DefaultValue is { } value && !_output ? DefaultNote(value, member.Type) : null;
            var text = Join(member.Description ?? memberType.Description, note);
            var constraints = _output ? EquatableArray<ConstraintSpec>.Empty : member.Constraints;
            WriteValue(json, member.Type, _strict && !member.IsRequired, text, constraints, depth + 1);
        }

        json.Append("},\"required\":[");
        json.Append(string.Join(",", required));
        json.Append("],\"additionalProperties\":false");
        AppendDescription(json, description, new List<string>());
        json.Append('}');
    }

    private static void AppendType(StringBuilder json, string type, bool nullable)
        => json.Append(nullable ? "[\"" + type + "\",\"null\"]" : "\"" + type + "\"");

    // The type's own bounds (byte: 0 to 255), narrowed by a [Range].
    private static void AppendBounds(StringBuilder json, ScalarFacts scalar, EquatableArray<ConstraintSpec> constraints)
    {
        var range = constraints.FirstOrDefault(c => c.Kind == ConstraintKind.Range);
        string? minimum = scalar.Minimum, maximum = scalar.Maximum;
        var minimumExclusive = false;
        var maximumExclusive = false;
        if (range is not null && scalar.JsonType is "integer" or "number")
        {
            var low = Literals.Number(range.Values[0].Value);
            var high = Literals.Number(range.Values[1].Value);
            if (minimum is null || Literals.Compare(low, minimum) > 0)
            {
                (minimum, minimumExclusive) = (low, range.Values[2].Value is true);
            }

            if (maximum is null || Literals.Compare(high, maximum) < 0)
            {
                (maximum, maximumExclusive) = (high, range.Values[3].Value is true);
            }
        }

        if (minimum is not null)
        {
            json.Append(minimumExclusive ? ",\"exclusiveMinimum\":" : ",\"minimum\":").Append(minimum);
        }

        if (maximum is not null)
        {
            json.Append(maximumExclusive ? ",\"exclusiveMaximum\":" : ",\"maximum\":").Append(maximum);
        }
    }

    private static void AppendDescription(StringBuilder json, string? description, List<string> notes, bool first = false)
    {
        var text = Join(description, notes.Count == 0 ? null : string.Join(" ", notes));
        if (text is not null)
        {
            json.Append(first ? "\"description\":" : ",\"description\":");
            JsonText.Append(json, text);
        }
    }

    private string? DefaultNote(RawValue value, string type)
        => Literals.Json(value, type, _graph) is { } json ? $"Default: {json}." : null;

    private static string? Join(string? description, string? note)
        => note is null ? description : description is null ? note : description.TrimEnd() + " " + note;
}
