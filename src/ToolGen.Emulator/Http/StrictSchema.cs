using System.Text.Json;

namespace ToolGen.Emulator.Http;

/// <summary>
/// The checks the real service makes on a function's parameters when <c>strict</c> is true (OpenAI function-calling
/// guide, "Structured Outputs" supported schemas): every object lists all its properties in <c>required</c> and sets
/// <c>additionalProperties: false</c>, and the root is an object. The error texts follow the service's
/// (<c>Invalid schema for function 'f': In context=('properties', 'a'), …</c>). Only these structural rules are
/// checked, not the keyword allow-list.
/// </summary>
internal static class StrictSchema
{
    public static void Check(string function, string parametersJson)
    {
        using var document = JsonDocument.Parse(parametersJson);
        var root = document.RootElement;
        if (!IsObjectSchema(root))
        {
            throw Invalid(function, "()", "schema must be a JSON Schema of 'type: \"object\"', got 'type: \"" + TypeText(root) + "\"'.");
        }

        Walk(function, root, []);
    }

    private static void Walk(string function, JsonElement schema, List<string> context)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (IsObjectSchema(schema))
        {
            var properties = schema.TryGetProperty("properties", out var map) && map.ValueKind == JsonValueKind.Object
                ? map.EnumerateObject().Select(p => p.Name).ToList()
                : [];
            if (!schema.TryGetProperty("additionalProperties", out var additional) || additional.ValueKind != JsonValueKind.False)
            {
                throw Invalid(function, Context(context), "'additionalProperties' is required to be supplied and to be false.");
            }

            var required = schema.TryGetProperty("required", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToHashSet(StringComparer.Ordinal)
                : null;
            var missing = properties.Where(p => required is null || !required.Contains(p)).ToList();
            if (missing.Count > 0)
            {
                throw Invalid(function, Context(context),
                    $"'required' is required to be supplied and to be an array including every key in properties. Missing '{missing[0]}'.");
            }

            if (map.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in map.EnumerateObject())
                {
                    Walk(function, property.Value, [.. context, "properties", property.Name]);
                }
            }
        }

        if (schema.TryGetProperty("items", out var items))
        {
            Walk(function, items, [.. context, "items"]);
        }

        foreach (var keyword in new[] { "anyOf", "oneOf" })
        {
            if (schema.TryGetProperty(keyword, out var branches) && branches.ValueKind == JsonValueKind.Array)
            {
                var index = 0;
                foreach (var branch in branches.EnumerateArray())
                {
                    Walk(function, branch, [.. context, keyword, index.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                    index++;
                }
            }
        }

        foreach (var keyword in new[] { "$defs", "definitions" })
        {
            if (schema.TryGetProperty(keyword, out var definitions) && definitions.ValueKind == JsonValueKind.Object)
            {
                foreach (var definition in definitions.EnumerateObject())
                {
                    Walk(function, definition.Value, [.. context, keyword, definition.Name]);
                }
            }
        }
    }

    private static bool IsObjectSchema(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("type", out var type))
        {
            return false;
        }

        return type.ValueKind switch
        {
            JsonValueKind.String => type.ValueEquals("object"),
            JsonValueKind.Array => type.EnumerateArray().Any(t => t.ValueKind == JsonValueKind.String && t.ValueEquals("object")),
            _ => false,
        };
    }

    private static string TypeText(JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("type", out var type) ? type.ToString() : "None";

    private static string Context(List<string> context) =>
        context.Count == 0 ? "()" : "(" + string.Join(", ", context.Select(c => $"'{c}'")) + (context.Count == 1 ? ",)" : ")");

    private static ApiException Invalid(string function, string context, string rule) =>
        new(400, $"Invalid schema for function '{function}': In context={context}, {rule}", "tools", "invalid_function_parameters");
}
