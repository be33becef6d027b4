using System.Text.Json.Nodes;

namespace ToolGen.Conformance.Tests;

/// <summary>Every strict corpus schema keeps OpenAI's strict-mode rules (DESIGN.md, from the function-calling guide):
/// an object root, every object closed with all its properties required, only the keywords and formats strict mode
/// accepts, at most 10 levels of nesting.</summary>
public class StrictModeTests
{
    private static readonly HashSet<string> s_keywords =
    [
        "type", "properties", "required", "additionalProperties", "items", "enum", "anyOf", "$ref", "$defs", "description",
        "pattern", "format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minItems", "maxItems",
    ];

    private static readonly HashSet<string> s_formats = ["date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6", "uuid"];

    public static TheoryData<string> StrictTools => [.. CorpusTools.All.Where(t => t.Definition.Strict).Select(t => t.Name)];

    [Fact]
    public void Most_corpus_tools_are_strict_and_those_that_cannot_be_say_so()
    {
        var loose = CorpusTools.All.Where(t => !t.Definition.Strict).Select(t => t.Name).Order(StringComparer.Ordinal);
        Assert.Equal(["price_quote", "set_custom_fields", "set_metadata", "set_product_attributes"], loose);
    }

    [Theory]
    [MemberData(nameof(StrictTools))]
    public void A_strict_schema_keeps_the_strict_mode_rules(string name)
    {
        var schema = JsonNode.Parse(CorpusTools.Get(name).Definition.ParametersSchemaJson)!.AsObject();
        Assert.Equal("object", schema["type"]!.GetValue<string>());
        Assert.Null(schema["anyOf"]);
        Check(schema, "(root)", 0);
    }

    private static void Check(JsonObject schema, string path, int depth)
    {
        Assert.True(depth <= 10, $"{path} is nested more than 10 levels deep");
        foreach (var (keyword, value) in schema)
        {
            Assert.True(s_keywords.Contains(keyword), $"{path} uses '{keyword}', which strict mode rejects");
            if (keyword == "format")
            {
                Assert.Contains(value!.GetValue<string>(), s_formats);
            }
        }

        var types = schema["type"] is JsonArray list ? list.Select(t => t!.GetValue<string>()).ToArray() : schema["type"] is JsonValue one ? [one.GetValue<string>()] : [];
        if (types.Contains("object"))
        {
            Assert.False(schema["additionalProperties"]!.GetValue<bool>(), $"{path} is not closed");
            var properties = schema["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal);
            var required = schema["required"]!.AsArray().Select(r => r!.GetValue<string>()).Order(StringComparer.Ordinal);
            Assert.Equal(properties, required);
            foreach (var (member, memberSchema) in schema["properties"]!.AsObject())
            {
                Check(memberSchema!.AsObject(), $"{path}.{member}", depth + 1);
            }
        }

        if (schema["items"] is JsonObject items)
        {
            Check(items, path + "[]", depth + 1);
        }

        foreach (var branch in schema["anyOf"]?.AsArray() ?? [])
        {
            Check(branch!.AsObject(), path, depth);
        }

        foreach (var (name, definition) in schema["$defs"]?.AsObject() ?? [])
        {
            Check(definition!.AsObject(), "$defs." + name, 1);
        }
    }
}
