using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;

namespace ToolGen.Conformance.Tests;

/// <summary>How a mutated argument text relates to the non-strict schema.</summary>
public enum Verdict
{
    /// <summary>The dispatcher must accept it exactly when NJsonSchema does.</summary>
    AsSchema,

    /// <summary>An enum name in another case that matches exactly one value case-insensitively: the binder takes a
    /// C# enum's member (documented), a case-sensitive <c>[AllowedValues]</c> rejects it; either answer is right, as
    /// long as the binder rejects only what the schema rejects.</summary>
    Lenient,

    /// <summary><c>null</c> for an optional argument or member: the binder must accept it and bind the declared
    /// default (documented), whatever the schema says.</summary>
    MustAccept,

    /// <summary>Text that is not JSON (RFC 8259): the dispatcher must reject it as <c>invalid_json</c>. NJsonSchema
    /// parses with Newtonsoft.Json, which accepts trailing commas, single quotes and comments, so System.Text.Json's
    /// strict parser decides instead.</summary>
    Malformed,

    /// <summary>A near miss of a format (<c>2026-02-30</c>, <c>2026-05-01T25:00:00Z</c>, a GUID one digit short, an
    /// address without <c>@</c>, a relative URI): every one breaks RFC 3339, RFC 4122, DataAnnotations' e-mail rule or
    /// the absolute-URI rule, and the dispatcher must reject it. NJsonSchema is not asked: its format checks are
    /// looser (it accepts hour 25).</summary>
    MustReject,

    /// <summary>A repeated property name: the dispatcher rejects it with <c>duplicate_argument</c>; NJsonSchema,
    /// like most JSON parsers, keeps the last value, so it is not asked.</summary>
    DuplicateKey,
}

/// <summary>One mutation: its class, the argument text, and how the dispatcher's answer is judged.</summary>
public sealed record Mutation(string Kind, string Arguments, Verdict Verdict)
{
    public override string ToString() => $"{Kind}: {Arguments}";
}

/// <summary>A value inside the arguments with the schema that describes it.</summary>
/// <param name="Parent">The object or array holding it (<see langword="null"/> for the arguments object itself).</param>
/// <param name="Optional">Whether it is a member its object's schema does not require.</param>
public sealed record Site(JsonNode? Parent, string? Key, int Index, JsonNode? Value, JsonObject Schema, bool Optional);

/// <summary>Mutations near the edges of valid arguments: wrong JSON types, <c>null</c>, numbers at and just past
/// their bounds, strings and arrays one shorter or longer than allowed, pattern and format breaks, missing and extra
/// members, repeated keys and set items, enum names in another case, and malformed JSON.</summary>
public static class Mutations
{
    public static readonly string[] Kinds =
        ["wrong-type", "null", "bound", "length", "pattern", "format", "missing-member", "extra-member", "duplicate-key", "duplicate-item", "enum-case", "malformed"];

    /// <summary>A mutation of valid <paramref name="arguments"/> for the tool's non-strict <paramref name="schema"/>.</summary>
    public static Gen<Mutation> Of(JsonObject schema, JsonObject arguments)
    {
        var sites = Sites(schema, schema, null, null, -1, arguments, optional: false).ToList();
        return Gen.Select(Gen.Int[0, Kinds.Length - 1], Gen.Int[0, sites.Count - 1], Gen.Int[0, 1_000_000])
            .Select((kind, site, salt) => Apply(Kinds[kind], arguments, sites, site, salt))
            .Where(m => m is not null)
            .Select(m => m!);
    }

    private static Mutation? Apply(string kind, JsonObject arguments, List<Site> sites, int start, int salt)
    {
        // From a random start, the first site the mutation applies to.
        for (var n = 0; n < sites.Count; n++)
        {
            var site = sites[(start + n) % sites.Count];
            var result = Try(kind, arguments, site, salt);
            if (result is not null)
            {
                return result;
            }
        }

        return null;
    }

    private static Mutation? Try(string kind, JsonObject arguments, Site site, int salt)
    {
        var schema = site.Schema;
        var types = Types(schema);
        switch (kind)
        {
            case "wrong-type":
                JsonNode?[] others = [JsonValue.Create(7), JsonValue.Create(2.5), JsonValue.Create("7"), JsonValue.Create(true), new JsonArray(), new JsonObject()];
                var wrong = others.Where(o => !Fits(o, types)).ToArray();
                return wrong.Length == 0 ? null : Replace(kind, arguments, site, wrong[salt % wrong.Length], Verdict.AsSchema);
            case "null" when site.Parent is not null:
                return Replace(kind, arguments, site, null, site.Optional ? Verdict.MustAccept : Verdict.AsSchema);
            case "bound" when site.Value is JsonValue && (types.Contains("integer") || types.Contains("number")):
                var bounds = new[] { "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum" }.Where(schema.ContainsKey).ToArray();
                if (bounds.Length == 0)
                {
                    return null;
                }

                var bound = schema[bounds[salt % bounds.Length]]!.GetValue<decimal>();

                // Past 2^53 a bound is a rounded double ([Range(0L, long.MaxValue)] says 9223372036854775807 through
                // the double overload), and NJsonSchema throws on integers past 64 bits: no exact comparison exists.
                if (Math.Abs(bound) > 9_007_199_254_740_992m)
                {
                    return null;
                }

                var shifted = bound + ((salt / 4 % 3) - 1);
                return Replace(kind, arguments, site, JsonNode.Parse(shifted.ToString(CultureInfo.InvariantCulture)), Verdict.AsSchema);
            case "length" when site.Value is JsonValue text && text.GetValueKind() == JsonValueKind.String && (schema.ContainsKey("minLength") || schema.ContainsKey("maxLength")):
                var limit = schema[schema.ContainsKey("minLength") && (salt % 2 == 0 || !schema.ContainsKey("maxLength")) ? "minLength" : "maxLength"]!.GetValue<int>();
                var length = Math.Max(0, limit + ((salt / 2 % 3) - 1));
                var value = text.GetValue<string>();
                var resized = value.Length >= length ? value[..length] : value + new string('a', length - value.Length);
                return Replace(kind, arguments, site, JsonValue.Create(resized), Verdict.AsSchema);
            case "length" when site.Value is JsonArray items && items.Count > 0:
                var longer = items.DeepClone().AsArray();
                if (salt % 2 == 0)
                {
                    longer.RemoveAt(longer.Count - 1);
                }
                else
                {
                    longer.Add(JsonNode.Parse("null"));
                    longer[^1] = longer[0]!.DeepClone();
                }

                return Replace(kind, arguments, site, longer, Verdict.AsSchema);
            case "pattern" when site.Value is JsonValue s && s.GetValueKind() == JsonValueKind.String && schema.ContainsKey("pattern"):
                var original = s.GetValue<string>();
                string[] breaks = [original + "!", " " + original, original.Length > 1 ? original[..^1] : "", original.ToLowerInvariant(), original.Replace(':', '.')];
                return Replace(kind, arguments, site, JsonValue.Create(breaks[salt % breaks.Length]), Verdict.AsSchema);
            case "format" when site.Value is JsonValue f && f.GetValueKind() == JsonValueKind.String && schema["format"]?.GetValue<string>() is { } format:
                var near = NearMisses(format, f.GetValue<string>());
                return Replace(kind, arguments, site, JsonValue.Create(near[salt % near.Length]), Verdict.MustReject);
            case "missing-member" when site.Value is JsonObject o && o.Count > 0:
                var fewer = o.DeepClone().AsObject();
                fewer.Remove(fewer.ElementAt(salt % fewer.Count).Key);
                return Replace(kind, arguments, site, fewer, Verdict.AsSchema);
            case "extra-member" when site.Value is JsonObject o:
                var more = o.DeepClone().AsObject();
                more[(salt % 2 == 0 ? "zzExtra" : "Extra") + (salt % 5)] = salt % 3 == 0 ? JsonValue.Create("x") : JsonValue.Create(salt);
                return Replace(kind, arguments, site, more, Verdict.AsSchema);
            case "duplicate-key" when site.Value is JsonObject o && o.Count > 0:
                var (key, member) = o.ElementAt(salt % o.Count);
                var repeated = o.ToJsonString();
                repeated = repeated[..^1] + "," + JsonSerializer.Serialize(key) + ":" + (member?.ToJsonString() ?? "null") + "}";
                // Inside a JsonElement ("any JSON", the empty schema) the tool gets the text as given, repeats included.
                return Replace(kind, arguments, site, null, schema.Count == 0 ? Verdict.AsSchema : Verdict.DuplicateKey, raw: repeated);
            case "duplicate-item" when site.Value is JsonArray { Count: > 0 } list:
                var copy = list.DeepClone().AsArray();
                copy.Add(copy[salt % copy.Count]!.DeepClone());
                return Replace(kind, arguments, site, copy, Verdict.AsSchema);
            case "enum-case" when site.Value is JsonValue e && e.GetValueKind() == JsonValueKind.String && schema["enum"] is JsonArray:
                var name = e.GetValue<string>();
                var changed = (salt % 3) switch { 0 => name.ToLowerInvariant(), 1 => name.ToUpperInvariant(), _ => Swap(name) };
                var matches = schema["enum"]!.AsArray().Count(v => v is JsonValue other && other.GetValueKind() == JsonValueKind.String && string.Equals(other.GetValue<string>(), changed, StringComparison.OrdinalIgnoreCase));
                return changed == name ? null : Replace(kind, arguments, site, JsonValue.Create(changed), matches == 1 ? Verdict.Lenient : Verdict.AsSchema);
            case "malformed" when site.Parent is null:
                var whole = arguments.ToJsonString();
                string[] broken = [whole[..Math.Max(1, salt % whole.Length)], whole + "}", whole.Replace(":", "", StringComparison.Ordinal), whole[..^1] + ",}", "{" + whole, whole.Replace("\"", "'", StringComparison.Ordinal)];
                var pick = broken[salt % broken.Length];
                return pick.Trim().Length == 0 ? null : new Mutation(kind, pick, Verdict.Malformed);
            default:
                return null;
        }
    }

    private static string[] NearMisses(string format, string value) => format switch
    {
        "date" => ["2026-02-30", "2026-13-01", "26-05-01", value.Replace('-', '/'), value + "x"],
        "time" => ["24:00:00", "12:60:00", "25:00", "12:00:61", value + "x"],
        "date-time" => ["2026-02-30T10:00:00Z", "2026-05-01T25:00:00Z", "yesterday", value + "x", "2026-05-01T10:00:00+25:00"],
        "uuid" => [value[..^1], value + "0", "{" + value + "}", value.Replace('-', '_'), "not-a-guid"],
        "email" => [value.Replace("@", "", StringComparison.Ordinal), "@" + value, value + "@"],
        "uri" => ["/relative/path", "example.com", "https//x.example", "ht tp://x.example"],
        _ => [value + "?"],
    };

    private static string Swap(string s) => new([.. s.Select(c => char.IsUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c))]);

    private static Mutation Replace(string kind, JsonObject arguments, Site site, JsonNode? replacement, Verdict verdict, string? raw = null)
    {
        const string Marker = "\"\u0001marker\u0001\"";
        if (site.Parent is null)
        {
            return new Mutation(kind, raw ?? replacement?.ToJsonString() ?? "null", verdict);
        }

        var copy = arguments.DeepClone().AsObject();
        var parent = Locate(copy, arguments, site.Parent);
        if (raw is null)
        {
            Set(parent, site, replacement);
            return new Mutation(kind, copy.ToJsonString(), verdict);
        }

        Set(parent, site, JsonValue.Create("\u0001marker\u0001"));
        return new Mutation(kind, copy.ToJsonString().Replace(Marker.Replace("\u0001", "\\u0001", StringComparison.Ordinal), raw, StringComparison.Ordinal), verdict);
    }

    private static void Set(JsonNode parent, Site site, JsonNode? value)
    {
        if (parent is JsonObject o)
        {
            o[site.Key!] = value;
        }
        else
        {
            parent.AsArray()[site.Index] = value;
        }
    }

    // The node of the copy at the same place as original within the arguments.
    private static JsonNode Locate(JsonObject copy, JsonObject arguments, JsonNode original)
    {
        var path = original.GetPath();
        JsonNode node = copy;
        if (path == "$")
        {
            return node;
        }

        foreach (var step in System.Text.RegularExpressions.Regex.Matches(path[1..], @"\.(?<name>[^.\[]+)|\['(?<quoted>(?:[^']|\\')*)'\]|\[(?<index>\d+)\]"))
        {
            var m = (System.Text.RegularExpressions.Match)step;
            node = m.Groups["index"].Success ? node[int.Parse(m.Groups["index"].Value, CultureInfo.InvariantCulture)]! : node[m.Groups["name"].Success ? m.Groups["name"].Value : m.Groups["quoted"].Value]!;
        }

        return node;
    }

    private static string[] Types(JsonObject schema) => schema["type"] switch
    {
        JsonArray list => [.. list.Select(t => t!.GetValue<string>())],
        JsonValue one => [one.GetValue<string>()],
        _ => [],
    };

    private static bool Fits(JsonNode? value, string[] types)
    {
        if (types.Length == 0)
        {
            return true;
        }

        return value switch
        {
            null => types.Contains("null"),
            JsonArray => types.Contains("array"),
            JsonObject => types.Contains("object"),
            _ => value.GetValueKind() switch
            {
                JsonValueKind.String => types.Contains("string"),
                JsonValueKind.True or JsonValueKind.False => types.Contains("boolean"),
                JsonValueKind.Number => types.Contains("number") || (types.Contains("integer") && value.ToJsonString().All(c => char.IsDigit(c) || c == '-')),
                _ => false,
            },
        };
    }

    /// <summary>Every value in <paramref name="value"/> with its schema; polymorphic and nullable <c>anyOf</c> are
    /// resolved to the branch the value matches.</summary>
    public static IEnumerable<Site> Sites(JsonObject root, JsonObject schema, JsonNode? parent, string? key, int index, JsonNode? value, bool optional)
    {
        schema = Effective(root, schema, value);
        yield return new Site(parent, key, index, value, schema, optional);
        if (value is JsonObject o)
        {
            var properties = schema["properties"] as JsonObject;
            var required = schema["required"]?.AsArray().Select(r => r!.GetValue<string>()).ToHashSet() ?? [];
            foreach (var (name, member) in o.ToList())
            {
                var memberSchema = properties?[name] as JsonObject ?? schema["additionalProperties"] as JsonObject;
                if (memberSchema is not null)
                {
                    foreach (var site in Sites(root, memberSchema, o, name, -1, member, !required.Contains(name) && properties?[name] is not null))
                    {
                        yield return site;
                    }
                }
            }
        }
        else if (value is JsonArray a && schema["items"] is JsonObject items)
        {
            for (var i = 0; i < a.Count; i++)
            {
                foreach (var site in Sites(root, items, a, null, i, a[i], optional: false))
                {
                    yield return site;
                }
            }
        }
    }

    private static JsonObject Effective(JsonObject root, JsonObject schema, JsonNode? value)
    {
        while (true)
        {
            if (schema["$ref"]?.GetValue<string>() is { } reference)
            {
                schema = ArgumentGen.Resolve(root, reference);
                continue;
            }

            if (schema["anyOf"] is JsonArray anyOf)
            {
                var branches = anyOf.Select(b => b!.AsObject()).ToList();
                schema = value is null
                    ? branches.First(b => Types(b).Contains("null"))
                    : branches.FirstOrDefault(b => Matches(root, b, value)) ?? branches.First(b => !Types(b).Contains("null"));
                continue;
            }

            return schema;
        }
    }

    // The branch of a polymorphic anyOf: the one whose one-value discriminator the object carries.
    private static bool Matches(JsonObject root, JsonObject branch, JsonNode value)
    {
        if (branch["$ref"]?.GetValue<string>() is { } reference)
        {
            branch = ArgumentGen.Resolve(root, reference);
        }

        if (Types(branch).Contains("null"))
        {
            return false;
        }

        if (value is not JsonObject o || branch["properties"] is not JsonObject properties)
        {
            return true;
        }

        return properties.All(p => p.Value?["enum"] is not JsonArray { Count: 1 } one || o[p.Key]?.ToJsonString() == one[0]?.ToJsonString());
    }
}
