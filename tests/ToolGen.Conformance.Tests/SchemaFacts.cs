using System.Text.Json;
using System.Text.Json.Nodes;

namespace ToolGen.Conformance.Tests;

/// <summary>A JSON Schema as a sorted list of facts, one per path and keyword (<c>lines[].quantity: maximum = 100</c>),
/// so two schemas of one tool written in different shapes compare line by line. References (<c>$ref</c>, to
/// <c>$defs</c> or anywhere in the document) are followed and written inline; a type reached again inside itself
/// becomes one <c>recursive</c> fact. A <c>null</c> branch of an <c>anyOf</c> is folded into the other branch's
/// <c>type</c>, and the branches of a polymorphic <c>anyOf</c> are named by their discriminator value.</summary>
public static class SchemaFacts
{
    // Annotations that only one side writes by design and that say nothing about what is valid.
    private static readonly HashSet<string> s_ignored = ["title", "$comment", "$schema", "$defs", "definitions"];

    /// <summary>The facts of <paramref name="schema"/>, keyed by <c>path: keyword</c>.</summary>
    public static SortedDictionary<string, string> Of(JsonNode schema)
    {
        var facts = new SortedDictionary<string, string>(StringComparer.Ordinal);
        Walk(schema, schema, "(root)", facts, []);
        return facts;
    }

    /// <summary>Our facts with what ToolGen writes into descriptions in every schema as the keyword the other side
    /// uses: a trailing <c>Default: X.</c> becomes a <c>default</c> fact (strict mode has no <c>default</c>
    /// keyword, and one schema text serves both modes' descriptions); the tool's description is the root's.</summary>
    public static SortedDictionary<string, string> OfToolGen(JsonNode schema, string? toolDescription)
    {
        var facts = Of(schema);
        foreach (var key in facts.Keys.Where(k => k.EndsWith(": description", StringComparison.Ordinal)).ToList())
        {
            var text = JsonNode.Parse(facts[key])!.GetValue<string>();
            var match = System.Text.RegularExpressions.Regex.Match(text, @"(^| )Default: (?<value>.*?)\.( |$)");
            if (match.Success)
            {
                facts[key[..^": description".Length] + ": default"] = match.Groups["value"].Value;
                text = text.Remove(match.Index, match.Length).Trim();
                if (match.Index > 0 && match.Index < text.Length)
                {
                    text = text.Insert(match.Index, " ");
                }
            }

            if (text.Length == 0)
            {
                facts.Remove(key);
            }
            else
            {
                facts[key] = Text(JsonValue.Create(text));
            }
        }

        if (toolDescription is not null)
        {
            facts["(root): description"] = Text(JsonValue.Create(toolDescription));
        }

        return facts;
    }

    private static void Walk(JsonNode root, JsonNode? node, string path, SortedDictionary<string, string> facts, List<JsonObject> refs)
    {
        if (node is JsonValue boolean && boolean.TryGetValue<bool>(out var allows))
        {
            facts[path + ": schema"] = allows ? "any" : "none";
            return;
        }

        if (node is not JsonObject schema)
        {
            return;
        }

        if (schema.Count == 0)
        {
            facts[path + ": schema"] = "any";
            return;
        }

        // The schemas being walked, by identity: a reference back to one of them, wherever it points
        // (#/$defs/Node or #/properties/tree), is recursion.
        refs = [.. refs, schema];
        if (schema["$ref"]?.GetValue<string>() is { } reference)
        {
            var target = Resolve(root, reference);
            if (refs.Any(r => ReferenceEquals(r, target)))
            {
                facts[path + ": recursive"] = "yes";
                return;
            }

            Walk(root, Merge(target, schema), path, facts, [.. refs, target]);
            return;
        }

        if (schema["anyOf"] is JsonArray anyOf)
        {
            var branches = anyOf.Select(b => b!.AsObject()).ToList();
            var nullBranch = branches.FirstOrDefault(b => b["type"]?.GetValueKind() == JsonValueKind.String && b["type"]!.GetValue<string>() == "null");
            if (nullBranch is not null && branches.Count == 2)
            {
                var branch = branches.Single(b => b != nullBranch);
                if (branch["$ref"]?.GetValue<string>() is { } target)
                {
                    refs = [.. refs, Resolve(root, target)];
                }

                var other = Merge(Deref(root, branch), schema);
                var types = TypesOf(other);
                other["type"] = new JsonArray([.. types.Append("null").Distinct().Select(t => (JsonNode)JsonValue.Create(t))]);
                Walk(root, other, path, facts, refs);
                return;
            }

            var names = new List<string>();
            for (var i = 0; i < branches.Count; i++)
            {
                var branch = Merge(Deref(root, branches[i]), schema);
                var name = Discriminator(branch) ?? i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                names.Add(name);
                Walk(root, branch, $"{path}<{name}>", facts, refs);
            }

            facts[path + ": anyOf"] = string.Join(", ", names.Order(StringComparer.Ordinal));
            return;
        }

        foreach (var (keyword, value) in schema)
        {
            switch (keyword)
            {
                case var k when s_ignored.Contains(k):
                    break;
                case "type":
                    facts[path + ": type"] = string.Join("|", TypesOf(schema).Order(StringComparer.Ordinal));
                    break;
                case "required" when value is JsonArray { Count: 0 }:
                    break;
                case "required":
                    facts[path + ": required"] = string.Join(", ", value!.AsArray().Select(v => v!.GetValue<string>()).Order(StringComparer.Ordinal));
                    break;
                case "enum":
                    facts[path + ": enum"] = string.Join(", ", value!.AsArray().Select(Text).Order(StringComparer.Ordinal));
                    break;
                case "const":
                    facts[path + ": enum"] = Text(value);
                    break;
                case "properties":
                    facts[path + ": properties"] = string.Join(", ", value!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
                    foreach (var (name, member) in value.AsObject())
                    {
                        Walk(root, member, path == "(root)" ? name : $"{path}.{name}", facts, refs);
                    }

                    break;
                case "items":
                    Walk(root, value, path + "[]", facts, refs);
                    break;
                case "additionalProperties" when value is JsonObject:
                    Walk(root, value, path + "{}", facts, refs);
                    break;
                case "not":
                    Walk(root, value, path + "!", facts, refs);
                    break;
                default:
                    facts[$"{path}: {keyword}"] = Text(value);
                    break;
            }
        }
    }

    private static string? Discriminator(JsonObject branch)
    {
        if (branch["properties"] is not JsonObject properties)
        {
            return null;
        }

        foreach (var (_, property) in properties)
        {
            if (property?["const"] is JsonValue single)
            {
                return single.ToString();
            }

            if (property?["enum"] is JsonArray { Count: 1 } one && one[0] is JsonValue value && value.GetValueKind() == JsonValueKind.String)
            {
                return value.ToString();
            }
        }

        return null;
    }

    private static List<string> TypesOf(JsonObject schema) => schema["type"] switch
    {
        JsonArray types => types.Select(t => t!.GetValue<string>()).ToList(),
        JsonValue type => [type.GetValue<string>()],
        _ => [],
    };

    private static JsonObject Deref(JsonNode root, JsonObject schema)
        => schema["$ref"]?.GetValue<string>() is { } reference ? Merge(Resolve(root, reference), schema) : schema;

    /// <summary>A copy of <paramref name="target"/> with the sibling keywords of <paramref name="outer"/> that it
    /// lacks (an <c>anyOf</c>'s shared <c>type</c> and <c>required</c>); a description beside a <c>$ref</c> wins over
    /// the referenced type's own, as the use of a type says more than the type.</summary>
    private static JsonObject Merge(JsonObject target, JsonObject outer)
    {
        var merged = target.DeepClone().AsObject();
        foreach (var (keyword, value) in outer)
        {
            if (keyword is "$ref" or "anyOf")
            {
                continue;
            }

            if (keyword == "required" && merged["required"] is JsonArray own)
            {
                var all = own.Select(v => v!.GetValue<string>()).Concat(value!.AsArray().Select(v => v!.GetValue<string>())).Distinct();
                merged["required"] = new JsonArray([.. all.Select(n => (JsonNode)JsonValue.Create(n))]);
            }
            else if (!merged.ContainsKey(keyword) || keyword == "description")
            {
                merged[keyword] = value?.DeepClone();
            }
        }

        return merged;
    }

    private static JsonObject Resolve(JsonNode root, string reference)
    {
        if (!reference.StartsWith("#", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Only local references are expected: {reference}");
        }

        var node = root;
        foreach (var segment in reference[1..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = segment.Replace("~1", "/").Replace("~0", "~");
            node = node is JsonArray array ? array[int.Parse(name, System.Globalization.CultureInfo.InvariantCulture)]! : node[name]!;
        }

        return node.AsObject();
    }

    private static string Text(JsonNode? value) => value?.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) ?? "null";
}
