using System.Text.Json;
using NJsonSchema;

namespace ToolGen.Generator.Tests;

public class SchemaTests
{
    private static readonly Lazy<IReadOnlyDictionary<string, ToolSet>> AllTypeTools = new(() => LoadedTools.Load(Sources.AllTypes));

    private static readonly Lazy<IReadOnlyDictionary<string, ToolSet>> MixedTools = new(() => LoadedTools.Load(Sources.InstanceTools));

    private static IEnumerable<ToolDefinition> AllDefinitions()
        => AllTypeTools.Value.Values.Concat(MixedTools.Value.Values).Concat(LoadedTools.Load(Sources.StaticTools).Values)
            .Concat(LoadedTools.Load(Sources.NestedTools).Values).SelectMany(s => s.Definitions);

    private const string ValidScalars = """
        {"text":"t","flag":true,"tiny":-128,"small":255,"medium":1,"umedium":1,"number":1,"unumber":0,"big":1,"ubig":1,
         "single":1.5,"real":2,"money":3.25,"id":"123e4567-e89b-12d3-a456-426614174000","when":"2026-05-01T12:00:00Z",
         "whenOffset":"2026-05-01T12:00:00+02:00","link":"https://example.com/","color":"deep-blue"}
        """;

    public static TheoryData<string, string, bool> Samples => new()
    {
        { "scalars", ValidScalars, true },
        { "scalars", ValidScalars.Replace("\"tiny\":-128", "\"tiny\":-129"), false },
        { "scalars", ValidScalars.Replace("\"small\":255", "\"small\":256"), false },
        { "scalars", ValidScalars.Replace("\"unumber\":0", "\"unumber\":-1"), false },
        { "scalars", ValidScalars.Replace("\"number\":1", "\"number\":1.5"), false },
        { "scalars", ValidScalars.Replace("\"text\":\"t\"", "\"text\":null"), false },
        { "scalars", ValidScalars.Replace("\"color\":\"deep-blue\"", "\"color\":\"Blue\""), false },
        { "scalars", ValidScalars.Replace("\"id\":\"123e4567-e89b-12d3-a456-426614174000\"", "\"id\":\"nope\""), false },
        { "scalars", ValidScalars.Replace("\"when\":\"2026-05-01T12:00:00Z\"", "\"when\":\"yesterday\""), false },
        { "scalars", ValidScalars.Replace("\"flag\":true,", ""), false },
        { "scalars", ValidScalars.Replace("\"flag\":true", "\"flag\":true,\"extra\":1"), false },
        { "nullables", """{"maybeText":null,"maybeNumber":null,"maybeColor":null,"maybeId":null,"maybeLink":null}""", true },
        { "nullables", """{"maybeText":"a","maybeNumber":2,"maybeColor":"Red","maybeId":"123e4567-e89b-12d3-a456-426614174000","maybeLink":"https://x.example/"}""", true },
        { "nullables", """{"maybeText":"a","maybeNumber":"2","maybeColor":"Red","maybeId":null,"maybeLink":null}""", false },
        { "nullables", """{"maybeText":"a","maybeNumber":2,"maybeColor":"Purple","maybeId":null,"maybeLink":null}""", false },
        { "collections", """{"numbers":[1,2],"names":["a"],"colors":["Red"],"gaps":[1,null],"grid":[[1],[]],"labels":null}""", true },
        { "collections", """{"numbers":[1,2],"names":["a"],"colors":["Red"],"gaps":[1,null],"grid":[[1],[]],"labels":["x",null]}""", true },
        { "collections", """{"numbers":[1,"2"],"names":["a"],"colors":["Red"],"gaps":[],"grid":[],"labels":null}""", false },
        { "collections", """{"numbers":[],"names":[null],"colors":[],"gaps":[],"grid":[],"labels":null}""", false },
        { "collections", """{"numbers":[],"names":[],"colors":[],"gaps":[],"grid":[[1.5]],"labels":null}""", false },
        { "collections", """{"numbers":5,"names":[],"colors":[],"gaps":[],"grid":[],"labels":null}""", false },
        { "defaults", """{"text":null,"count":null,"ratio":null,"price":null,"flag":null,"color":null,"limit":null,"max":null,"scale":null}""", true },
        { "defaults", """{"text":"x","count":1,"ratio":0.1,"price":2,"flag":false,"color":"Green","limit":5,"max":0,"scale":1}""", true },
        { "defaults", """{"text":"x","count":1,"ratio":0.1,"price":2,"flag":false,"color":"Green","limit":5,"max":-1,"scale":1}""", false },
        { "deposit", """{"amount":5,"notify":null}""", true },
        { "deposit", """{"amount":"5","notify":null}""", false },
        { "reset_account", """{}""", true },
        { "reset_account", """{"to":3}""", true },
        { "reset_account", """{"to":"3"}""", false },
    };

    [Fact]
    public async Task Every_generated_schema_parses_with_NJsonSchema()
    {
        var definitions = AllDefinitions().ToList();
        Assert.True(definitions.Count >= 10);
        foreach (var definition in definitions)
        {
            var schema = await JsonSchema.FromJsonAsync(definition.ParametersSchemaJson);
            Assert.Equal(JsonObjectType.Object, schema.Type);
        }
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Sample_arguments_validate_exactly_when_the_dispatcher_accepts_them(string tool, string arguments, bool valid)
    {
        var sets = AllTypeTools.Value.Concat(MixedTools.Value).Select(p => p.Value).ToList();
        var set = sets.Single(s => s.Definitions.Any(d => d.Name == tool));
        var schema = await JsonSchema.FromJsonAsync(set.Definitions.Single(d => d.Name == tool).ParametersSchemaJson);

        var errors = schema.Validate(arguments);
        Assert.True(valid == (errors.Count == 0), $"{tool} {arguments}: {string.Join("; ", errors)}");

        var result = await set.InvokeAsync(new ToolCall("call_1", tool, arguments));
        Assert.True(valid == !result.IsError, $"{tool} {arguments}: {result.Output}");
    }

    [Fact]
    public async Task An_absent_optional_argument_breaks_the_strict_schema_but_the_dispatcher_binds_its_default()
    {
        var set = LoadedTools.Load(Sources.InstanceTools).Values.Single();
        var schema = await JsonSchema.FromJsonAsync(set.Definitions.Single(d => d.Name == "deposit").ParametersSchemaJson);
        Assert.NotEmpty(schema.Validate("""{"amount":5}"""));
        var result = await set.InvokeAsync(new ToolCall("call_1", "deposit", """{"amount":5}"""));
        Assert.Equal("105", result.Output);
    }

    [Fact]
    public void Strict_schemas_follow_the_OpenAI_strict_mode_rules()
    {
        var strict = AllDefinitions().Where(d => d.Strict).ToList();
        Assert.NotEmpty(strict);
        foreach (var definition in strict)
        {
            using var document = JsonDocument.Parse(definition.ParametersSchema);
            var root = document.RootElement;
            Assert.Equal("object", root.GetProperty("type").GetString());
            Assert.False(root.TryGetProperty("anyOf", out _));
            CheckStrict(root, definition.Name, depth: 0);
        }
    }

    [Fact]
    public void No_schema_strict_or_not_uses_default_minLength_or_maxLength_and_defaults_go_into_descriptions()
    {
        var definitions = AllDefinitions().ToList();
        Assert.Contains(definitions, d => !d.Strict);
        foreach (var definition in definitions)
        {
            foreach (var keyword in new[] { "\"default\":", "\"minLength\":", "\"maxLength\":" })
            {
                Assert.DoesNotContain(keyword, definition.ParametersSchemaJson);
            }
        }

        Assert.Contains(definitions, d => d.ParametersSchemaJson.Contains("Default: 3.", StringComparison.Ordinal));
    }

    [Fact]
    public void Non_strict_schemas_require_only_parameters_without_defaults_and_may_use_the_uri_format()
    {
        var reset = MixedTools.Value.Values.SelectMany(s => s.Definitions).Single(d => d.Name == "reset_account");
        Assert.False(reset.Strict);
        Assert.Equal(
            """{"type":"object","properties":{"to":{"type":"integer","description":"Default: 0."},"reason":{"type":["string","null"],"description":"Default: null."}},"required":[],"additionalProperties":false}""",
            reset.ParametersSchemaJson);

        var uri = LoadedTools.Load("""
            public static partial class Links
            {
                [ToolGen.AssistantTool(Strict = false)] public static string Open(System.Uri link) => "";
                [ToolGen.AssistantTool] public static string OpenStrict(System.Uri link) => "";
            }
            """);
        Assert.Contains("\"format\":\"uri\"", uri.Definition("open").ParametersSchemaJson);
        Assert.DoesNotContain("\"format\"", uri.Definition("open_strict").ParametersSchemaJson);
    }

    [Fact]
    public void Optional_parameters_are_nullable_unions_in_strict_mode_and_nullable_enums_list_null()
    {
        var defaults = AllTypeTools.Value.Definition("defaults").ParametersSchemaJson;
        Assert.Contains("\"count\":{\"type\":[\"integer\",\"null\"],\"description\":\"Default: 3.\"}", defaults);
        Assert.Contains("\"color\":{\"type\":[\"string\",\"null\"],\"enum\":[\"Red\",\"Green\",\"deep-blue\",null],\"description\":\"Default: \\\"deep-blue\\\".\"}", defaults);
    }

    private static readonly HashSet<string> Forbidden = new(StringComparer.Ordinal)
    {
        "allOf", "not", "if", "then", "else", "dependentRequired", "dependentSchemas", "minLength", "maxLength", "default",
    };

    private static readonly HashSet<string> StrictFormats = new(StringComparer.Ordinal)
    {
        "date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6", "uuid",
    };

    private static void CheckStrict(JsonElement schema, string tool, int depth)
    {
        Assert.True(depth <= 5, $"{tool}: nested deeper than 5 levels");
        foreach (var property in schema.EnumerateObject())
        {
            Assert.DoesNotContain(property.Name, Forbidden);
        }

        if (schema.TryGetProperty("format", out var format))
        {
            Assert.Contains(format.GetString()!, StrictFormats);
        }

        if (schema.TryGetProperty("properties", out var properties))
        {
            Assert.False(schema.GetProperty("additionalProperties").GetBoolean(), $"{tool}: additionalProperties must be false");
            var names = properties.EnumerateObject().Select(p => (string?)p.Name).ToList();
            var required = schema.GetProperty("required").EnumerateArray().Select(r => r.GetString()).ToList();
            Assert.Equal(names, required);
            foreach (var property in properties.EnumerateObject())
            {
                CheckStrict(property.Value, tool, depth + 1);
            }
        }

        if (schema.TryGetProperty("items", out var items))
        {
            CheckStrict(items, tool, depth + 1);
        }
    }
}
