using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CsCheck;

namespace ToolGen.Conformance.Tests;

/// <summary>Random JSON values valid against a non-strict ToolGen schema, built from the schema alone: types and
/// unions, <c>enum</c>/<c>not</c>, formats, patterns, lengths, bounds, item counts, <c>uniqueItems</c>, required and
/// optional members, open dictionaries and <c>$ref</c> (recursion stops at a fixed depth by leaving optional members
/// out). Strings stay in the Basic Multilingual Plane, so a length is the same in UTF-16 units and in code points.</summary>
public static class ArgumentGen
{
    private const int MaxDepth = 4;

    private const string TimeSpanPattern = @"^-?(\d+\.)?\d{1,2}:\d{2}:\d{2}(\.\d{1,7})?$";

    private static readonly Gen<char> s_letters = Gen.Char["abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_.éøß日本"];

    private static readonly Gen<string> s_words = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz"], 1, 8];

    /// <summary>Valid arguments for a tool: an object of its parameters.</summary>
    public static Gen<JsonObject> For(JsonObject schema) => Value(schema, schema, 0).Select(v => v!.AsObject());

    private static Gen<JsonNode?> Value(JsonObject root, JsonObject schema, int depth)
    {
        if (schema.Count == 0)
        {
            return AnyJson;
        }

        if (schema["$ref"]?.GetValue<string>() is { } reference)
        {
            return Value(root, Resolve(root, reference), depth + 1);
        }

        if (schema["anyOf"] is JsonArray anyOf)
        {
            var branches = anyOf.Select(b => b!.AsObject()).ToList();
            if (depth >= MaxDepth && branches.Any(IsNull))
            {
                return Gen.Const((JsonNode?)null);
            }

            return Gen.OneOf([.. branches.Select(b => Value(root, b, depth))]);
        }

        if (schema["enum"] is JsonArray values)
        {
            var options = values.Select(v => v?.DeepClone()).ToArray();
            return Gen.Int[0, options.Length - 1].Select(i => options[i]?.DeepClone());
        }

        var types = schema["type"] switch
        {
            JsonArray list => list.Select(t => t!.GetValue<string>()).ToArray(),
            JsonValue one => [one.GetValue<string>()],
            _ => throw new InvalidOperationException($"No type in {schema.ToJsonString()}"),
        };
        if (types.Length > 1)
        {
            if (depth >= MaxDepth && types.Contains("null"))
            {
                return Gen.Const((JsonNode?)null);
            }

            return Gen.OneOf([.. types.Select(t => Typed(root, schema, t, depth))]);
        }

        return Typed(root, schema, types[0], depth);
    }

    private static Gen<JsonNode?> Typed(JsonObject root, JsonObject schema, string type, int depth) => type switch
    {
        "null" => Gen.Const((JsonNode?)null),
        "boolean" => Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
        "integer" => Integer(schema),
        "number" => Number(schema),
        "string" => Text(schema).Select(s => (JsonNode?)JsonValue.Create(s)),
        "array" => Array(root, schema, depth),
        "object" => Object(root, schema, depth),
        _ => throw new InvalidOperationException($"Unknown type {type}"),
    };

    private static Gen<JsonNode?> Integer(JsonObject schema)
    {
        var (low, high) = Bounds(schema, -100_000, 100_000, 1);
        var lo = (long)Math.Ceiling(low);
        var hi = (long)Math.Floor(high);
        return Gen.Frequency((4, Gen.Long[lo, hi]), (1, Gen.OneOf(lo, hi))).Select(v => (JsonNode?)JsonValue.Create(v));
    }

    // Numbers with at most two decimals, so every number type (float, Half, decimal) reads the same value as
    // System.Text.Json does from the same text.
    private static Gen<JsonNode?> Number(JsonObject schema)
    {
        var (low, high) = Bounds(schema, -1_000_000, 1_000_000, 0.01);
        var lo = (long)Math.Ceiling(low * 100);
        var hi = (long)Math.Floor(high * 100);
        return Gen.Frequency((4, Gen.Long[lo, hi]), (1, Gen.OneOf(lo, hi)))
            .Select(v => (JsonNode?)JsonNode.Parse((v / 100m).ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>The inclusive bounds of a number schema; an exclusive bound is moved inwards by
    /// <paramref name="step"/>, a missing one is the default.</summary>
    public static (double Low, double High) Bounds(JsonObject schema, double low, double high, double step)
    {
        low = schema["minimum"]?.GetValue<double>() ?? (schema["exclusiveMinimum"]?.GetValue<double>() + step) ?? Math.Max(low, -1e15);
        high = schema["maximum"]?.GetValue<double>() ?? (schema["exclusiveMaximum"]?.GetValue<double>() - step) ?? high;
        return (Math.Max(low, -1e15), Math.Min(high, Math.Max(low, 0) + 1e15));
    }

    private static Gen<string> Text(JsonObject schema)
    {
        Gen<string> text = schema["format"]?.GetValue<string>() switch
        {
            "date" => Days.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            "time" => Times,
            "date-time" => DateTimes,
            "uuid" => Gen.Guid.Select(g => g.ToString("D")),
            "uri" => s_words.Array[1, 3].Select(w => "https://example.com/" + string.Join("/", w)),
            "email" => Gen.Select(s_words, s_words).Select((user, host) => $"{user}@{host}.example"),
            _ when schema["pattern"]?.GetValue<string>() is { } pattern => Pattern(pattern, schema["description"]?.GetValue<string>()),
            _ when schema["contentEncoding"]?.GetValue<string>() == "base64" => Gen.Byte.Array[0, 24].Select(Convert.ToBase64String),
            _ => Gen.String[s_letters, schema["minLength"]?.GetValue<int>() ?? 0, schema["maxLength"]?.GetValue<int>() ?? (schema["minLength"]?.GetValue<int>() ?? 0) + 12],
        };
        if (schema["not"]?["enum"] is JsonArray denied)
        {
            var words = denied.Select(d => d!.GetValue<string>()).ToHashSet();
            text = text.Where(t => !words.Contains(t));
        }

        return text;
    }

    private static Gen<DateOnly> Days => Gen.Int[0, 20_000].Select(d => new DateOnly(1990, 1, 1).AddDays(d));

    private static Gen<string> Times
        => Gen.Select(Gen.Int[0, 86_399], Gen.Int[-1, 9_999_999]).Select((seconds, fraction)
            => TimeOnly.FromTimeSpan(TimeSpan.FromSeconds(seconds)).ToString("HH:mm:ss", CultureInfo.InvariantCulture)
               + (fraction < 0 ? "" : "." + fraction.ToString("0000000", CultureInfo.InvariantCulture)));

    // RFC 3339 needs an offset; Z or ±hh:mm in quarter hours.
    private static Gen<string> DateTimes
        => Gen.Select(Days, Times, Gen.Int[-48, 56]).Select((day, time, quarters) =>
            day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T" + time
            + (quarters == 0 ? "Z" : (quarters < 0 ? "-" : "+") + TimeSpan.FromMinutes(Math.Abs(quarters) * 15).ToString(@"hh\:mm", CultureInfo.InvariantCulture)));

    /// <summary>Strings matching the patterns the corpus uses: ToolGen's TimeSpan pattern, and anchored sequences of
    /// character classes and literals with counts (<c>^(?:[A-Z]{3}-[0-9]{4})$</c>).</summary>
    private static Gen<string> Pattern(string pattern, string? description)
    {
        if (pattern == TimeSpanPattern)
        {
            // JSON Schema bounds no string, so a [Range(typeof(TimeSpan), …)] is in the description only ("From 00:15:00
            // to 08:00:00."); a model reads it there, and so does this generator.
            var range = Regex.Match(description ?? "", @"From (?<low>\S+) to (?<high>\S+)\.");
            var (low, high) = range.Success
                ? (TimeSpan.Parse(range.Groups["low"].Value, CultureInfo.InvariantCulture).Ticks, TimeSpan.Parse(range.Groups["high"].Value, CultureInfo.InvariantCulture).Ticks)
                : (-TimeSpan.TicksPerDay * 100, TimeSpan.TicksPerDay * 100);
            return Gen.Long[low, high].Select(t => new TimeSpan(t).ToString("c", CultureInfo.InvariantCulture));
        }

        var body = Regex.Match(pattern, @"^\^\(\?:(?<body>.*)\)\$$").Groups["body"].Value;
        var parts = new List<Gen<string>>();
        foreach (Match part in Regex.Matches(body, @"(?<class>\[[^\]]+\]|[^\[{])(\{(?<min>\d+)(,(?<max>\d+))?\})?"))
        {
            var chars = Expand(part.Groups["class"].Value);
            var min = part.Groups["min"].Success ? int.Parse(part.Groups["min"].Value, CultureInfo.InvariantCulture) : 1;
            var max = part.Groups["max"].Success ? int.Parse(part.Groups["max"].Value, CultureInfo.InvariantCulture) : min;
            parts.Add(Gen.String[Gen.Char[chars], min, max]);
        }

        if (parts.Count == 0 || string.Concat(Regex.Matches(body, @"(\[[^\]]+\]|[^\[{])(\{\d+(,\d+)?\})?").Select(m => m.Value)) != body)
        {
            throw new InvalidOperationException($"ArgumentGen cannot generate strings for the pattern {pattern}; extend Pattern().");
        }

        return parts.Aggregate(Gen.Const(""), (all, next) => all.SelectMany(a => next.Select(n => a + n)));
    }

    private static string Expand(string characterClass)
    {
        if (!characterClass.StartsWith('['))
        {
            return characterClass;
        }

        var inner = characterClass[1..^1];
        var chars = new StringBuilder();
        for (var i = 0; i < inner.Length; i++)
        {
            if (i + 2 < inner.Length && inner[i + 1] == '-')
            {
                for (var c = inner[i]; c <= inner[i + 2]; c++)
                {
                    chars.Append(c);
                }

                i += 2;
            }
            else
            {
                chars.Append(inner[i]);
            }
        }

        return chars.ToString();
    }

    private static Gen<JsonNode?> Array(JsonObject root, JsonObject schema, int depth)
    {
        var min = schema["minItems"]?.GetValue<int>() ?? 0;
        var max = schema["maxItems"]?.GetValue<int>() ?? min + 4;
        if (depth >= MaxDepth)
        {
            max = min;
        }

        var items = Value(root, schema["items"]!.AsObject(), depth + 1).Array[min, max];
        if (schema["uniqueItems"]?.GetValue<bool>() == true)
        {
            items = items.Select(a => a.DistinctBy(i => i?.ToJsonString()).ToArray()).Where(a => a.Length >= min);
        }

        return items.Select(a => (JsonNode?)new JsonArray([.. a]));
    }

    private static Gen<JsonNode?> Object(JsonObject root, JsonObject schema, int depth)
    {
        var required = schema["required"]?.AsArray().Select(r => r!.GetValue<string>()).ToHashSet() ?? [];
        var members = new List<Gen<(string Name, JsonNode? Value, bool Present)>>();
        foreach (var (name, member) in schema["properties"]?.AsObject() ?? [])
        {
            var value = Value(root, member!.AsObject(), depth + 1);
            var present = required.Contains(name) ? Gen.Const(true) : depth >= MaxDepth ? Gen.Const(false) : Gen.Bool;
            members.Add(Gen.Select(present, value).Select((p, v) => (name, v, p)));
        }

        if (schema["additionalProperties"] is JsonObject values)
        {
            var value = Value(root, values, depth + 1);
            members.Add(Gen.Select(s_words, value).Select((k, v) => ("x-" + k, v, true)));
            members.Add(Gen.Select(s_words, value, Gen.Bool).Select((k, v, p) => ("y-" + k, v, p)));
        }

        return members.Aggregate(Gen.Const(new List<(string, JsonNode?, bool)>()), (all, next) => all.SelectMany(list => next.Select(m => new List<(string, JsonNode?, bool)>(list) { m })))
            .Select(list =>
            {
                var result = new JsonObject();
                foreach (var (name, value, present) in list.Where(m => m.Item3))
                {
                    result[name] = value;
                }

                return (JsonNode?)result;
            });
    }

    private static readonly Gen<JsonNode?> AnyJson = Gen.OneOf(
        Gen.Int.Select(i => (JsonNode?)JsonValue.Create(i)),
        s_words.Select(w => (JsonNode?)JsonValue.Create(w)),
        Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
        Gen.Const((JsonNode?)null),
        Gen.Int.Array[0, 3].Select(a => (JsonNode?)new JsonArray([.. a.Select(i => (JsonNode?)JsonValue.Create(i))])),
        Gen.Select(s_words, Gen.Int).Select((k, v) => (JsonNode?)new JsonObject { [k] = v }));

    private static bool IsNull(JsonObject schema) => schema["type"] is JsonValue t && t.GetValueKind() == JsonValueKind.String && t.GetValue<string>() == "null";

    /// <summary>The schema a local reference points to.</summary>
    public static JsonObject Resolve(JsonObject root, string reference)
    {
        JsonNode node = root;
        foreach (var segment in reference.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            node = node[segment.Replace("~1", "/").Replace("~0", "~")]!;
        }

        return node.AsObject();
    }
}
