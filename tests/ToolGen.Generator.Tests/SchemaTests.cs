using System.Text.Json;
using NJsonSchema;
using ToolGen.Testing;

namespace ToolGen.Generator.Tests;

public class SchemaTests
{
    private static readonly Lazy<IReadOnlyDictionary<string, ToolSet>> AllTypeTools = new(() => LoadedTools.Load(Sources.AllTypes));

    private static readonly Lazy<IReadOnlyDictionary<string, ToolSet>> MixedTools = new(() => LoadedTools.Load(Sources.InstanceTools));

    private static readonly Lazy<IReadOnlyDictionary<string, ToolSet>> RecordTools = new(() => LoadedTools.Load(Sources.Records));

    private static IEnumerable<ToolDefinition> AllDefinitions()
        => AllTypeTools.Value.Values.Concat(MixedTools.Value.Values).Concat(LoadedTools.Load(Sources.StaticTools).Values)
            .Concat(LoadedTools.Load(Sources.NestedTools).Values).Concat(RecordTools.Value.Values).SelectMany(s => s.Definitions);

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
        { "count_categories", """{"root":{"name":"a","children":[{"name":"b","children":[]}]},"names":["x"],"email":"ann@example.com"}""", true },
        { "count_categories", """{"root":{"name":"a","children":[{"name":"b","children":[{"name":5,"children":[]}]}]},"names":["x"],"email":"ann@example.com"}""", false },
        { "count_categories", """{"root":{"name":"a","children":[]},"names":[],"email":"ann@example.com"}""", false },
        { "count_categories", """{"root":{"name":"a","children":[],"extra":1},"names":["x"],"email":"ann@example.com"}""", false },
        { "place_order", """{"lines":[{"sku":"A","quantity":2,"note":null}],"shipTo":{"street":"s","postalCode":"0150","country":null},"billTo":null,"tags":["a"],"deliverOn":"2026-05-01","after":"09:30:00","days":["Monday"]}""", true },
        { "place_order", """{"lines":[{"sku":"A","quantity":0,"note":null}],"shipTo":{"street":"s","postalCode":"0150","country":null},"billTo":null,"tags":[],"deliverOn":"2026-05-01","after":"09:30:00","days":null}""", false },
        { "place_order", """{"lines":[],"shipTo":{"street":"s","postalCode":"01500","country":null},"billTo":null,"tags":[],"deliverOn":"2026-05-01","after":"09:30:00","days":null}""", false },
        { "place_order", """{"lines":[],"shipTo":{"street":"s","postalCode":"0150","country":null},"billTo":{"street":"s","postalCode":"0150","country":"SE"},"tags":[],"deliverOn":"2026-05-01","after":"09:30:00","days":null}""", true },
        { "place_order", """{"lines":[],"shipTo":{"street":"s","postalCode":"0150","country":null},"billTo":null,"tags":[],"deliverOn":"2026-05-01","after":"09:30:00","days":["Friday"]}""", false },
        { "loose", """{"root":{"name":"a"},"counts":{"x":1},"code":"abc","page":"https://x.example/","ids":[1,2]}""", true },
        { "loose", """{"root":{"name":"a"},"counts":{"x":"1"},"code":"abc","page":"https://x.example/","ids":[1,2]}""", false },
        { "loose", """{"root":{"name":"a"},"counts":{},"code":"abcdef","page":"https://x.example/","ids":[]}""", false },
        { "loose", """{"root":{"name":"a"},"counts":{},"code":"abc","page":"https://x.example/","ids":[1,1]}""", false },
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
        var sets = AllTypeTools.Value.Concat(MixedTools.Value).Concat(RecordTools.Value).Select(p => p.Value).ToList();
        var set = sets.Single(s => s.Definitions.Any(d => d.Name == tool));
        var schema = await JsonSchema.FromJsonAsync(NJsonSchemaText.Of(set.Definitions.Single(d => d.Name == tool).ParametersSchemaJson));

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
    public void No_schema_uses_default_strict_ones_leave_out_minLength_and_maxLength_and_defaults_go_into_descriptions()
    {
        var definitions = AllDefinitions().ToList();
        Assert.Contains(definitions, d => !d.Strict);
        foreach (var definition in definitions)
        {
            Assert.DoesNotContain("\"default\":", definition.ParametersSchemaJson);
            foreach (var keyword in definition.Strict ? new[] { "\"minLength\":", "\"maxLength\":" } : [])
            {
                Assert.DoesNotContain(keyword, definition.ParametersSchemaJson);
            }
        }

        Assert.Contains(definitions, d => !d.Strict && d.ParametersSchemaJson.Contains("\"maxLength\":", StringComparison.Ordinal));

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

        if (schema.TryGetProperty("type", out var type) && type.ToString().Contains("object", StringComparison.Ordinal))
        {
            Assert.False(schema.GetProperty("additionalProperties").GetBoolean(), $"{tool}: additionalProperties must be false");
        }

        if (schema.TryGetProperty("properties", out var properties))
        {
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

        foreach (var keyword in new[] { "anyOf" })
        {
            if (schema.TryGetProperty(keyword, out var options))
            {
                foreach (var option in options.EnumerateArray())
                {
                    CheckStrict(option, tool, depth);
                }
            }
        }

        if (schema.TryGetProperty("$defs", out var definitions))
        {
            foreach (var definition in definitions.EnumerateObject())
            {
                CheckStrict(definition.Value, tool, 1);
            }
        }

        if (schema.TryGetProperty("$ref", out var reference))
        {
            Assert.StartsWith("#/$defs/", reference.GetString());
        }
    }
}

public class TypeSchemaTests
{
    private static readonly Lazy<IReadOnlyDictionary<string, ToolSet>> RecordTools = new(() => LoadedTools.Load(Sources.Records));

    private static JsonElement Property(string tool, params string[] path)
    {
        var element = JsonDocument.Parse(RecordTools.Value.Definition(tool).ParametersSchema).RootElement;
        foreach (var step in path)
        {
            element = element.GetProperty(step);
        }

        return element;
    }

    [Fact]
    public void Shared_and_recursive_types_are_written_once_under_defs_and_used_through_ref()
    {
        Assert.Equal("#/$defs/Category", Property("count_categories", "properties", "root", "$ref").GetString());
        Assert.Equal("#/$defs/Category", Property("count_categories", "$defs", "Category", "properties", "children", "items", "$ref").GetString());
        Assert.Equal("#/$defs/Address", Property("place_order", "properties", "shipTo", "$ref").GetString());
        Assert.Equal(
            """[{"$ref":"#/$defs/Address"},{"type":"null"}]""",
            Property("place_order", "properties", "billTo", "anyOf").GetRawText());
        Assert.Equal("object", Property("place_order", "properties", "lines", "items", "type").GetString());
    }

    [Fact]
    public void Members_are_camelCase_and_optional_ones_are_nullable_in_strict_mode_but_not_required_otherwise()
    {
        var strict = Property("count_categories", "$defs", "Category");
        Assert.Equal(["name", "children"], strict.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("""["string","null"]""", strict.GetProperty("properties").GetProperty("name").GetProperty("type").GetRawText());
        var loose = Property("loose", "$defs", "Category");
        Assert.Empty(loose.GetProperty("required").EnumerateArray());
        Assert.Equal("string", loose.GetProperty("properties").GetProperty("name").GetProperty("type").GetString());
    }

    [Fact]
    public void Descriptions_of_nested_types_and_members_and_the_returns_doc_reach_the_definition()
    {
        Assert.Equal("A postal address.", Property("place_order", "$defs", "Address", "description").GetString());
        Assert.Equal("Street and number.", Property("place_order", "$defs", "Address", "properties", "street", "description").GetString());
        Assert.Equal("One line of an order.", Property("place_order", "properties", "lines", "items", "description").GetString());
        Assert.StartsWith("A note for the packer.", Property("place_order", "properties", "lines", "items", "properties", "note", "description").GetString());
        Assert.Equal("Places an order. Returns: The receipt.", RecordTools.Value.Definition("place_order").Description);
    }

    [Fact]
    public void Constraints_are_keywords_where_strict_mode_has_them_and_sentences_where_it_does_not()
    {
        Assert.Equal(1, Property("place_order", "properties", "lines", "items", "properties", "quantity", "minimum").GetInt32());
        Assert.Equal("^(?:[0-9]{4})$", Property("place_order", "$defs", "Address", "properties", "postalCode", "pattern").GetString());
        Assert.Equal(3, Property("count_categories", "properties", "names", "maxItems").GetInt32());
        var email = Property("count_categories", "properties", "email");
        Assert.Equal("email", email.GetProperty("format").GetString());
        Assert.False(email.TryGetProperty("minLength", out _));
        Assert.Equal("At least 3 characters. At most 50 characters.", email.GetProperty("description").GetString());

        Assert.Equal(5, Property("loose", "properties", "code", "maxLength").GetInt32());
        Assert.Equal("uri", Property("loose", "properties", "page", "format").GetString());
        Assert.True(Property("loose", "properties", "ids", "uniqueItems").GetBoolean());
        Assert.Equal("integer", Property("loose", "properties", "counts", "additionalProperties", "type").GetString());
    }

    [Fact]
    public void Dates_times_and_flags_have_their_formats_and_shapes()
    {
        Assert.Equal("date", Property("place_order", "properties", "deliverOn", "format").GetString());
        Assert.Equal("time", Property("place_order", "properties", "after", "format").GetString());
        var days = Property("place_order", "properties", "days");
        Assert.Equal("""["array","null"]""", days.GetProperty("type").GetRawText());
        Assert.Equal("""["None","Monday","Tuesday"]""", days.GetProperty("items").GetProperty("enum").GetRawText());
        Assert.Contains("Default: [].", days.GetProperty("description").GetString());
    }

    [Fact]
    public async Task A_returned_record_is_written_with_the_input_sides_names()
    {
        var result = await RecordTools.Value.Values.Single().InvokeAsync(new ToolCall("c", "place_order",
            """{"lines":[],"shipTo":{"street":"s","postalCode":"0150","country":null},"billTo":null,"tags":[],"deliverOn":"2026-05-01","after":"09:30:00","days":["Monday","Tuesday"]}"""));
        Assert.Equal("""{"number":"R1","date":"2026-05-01","wait":"00:00:00","totals":{},"open":["Monday","Tuesday"]}""", result.Output);
    }

    [Theory]
    [InlineData("FirstName")]
    [InlineData("URL")]
    [InlineData("IOStream")]
    [InlineData("ID")]
    [InlineData("A")]
    [InlineData("already")]
    [InlineData("ABCdef")]
    [InlineData("X1Y")]
    [InlineData("HTML5Parser")]
    [InlineData("Ünicode")]
    public void Member_names_are_camelCased_as_System_Text_Json_does(string name)
        => Assert.Equal(JsonNamingPolicy.CamelCase.ConvertName(name), Parsing.MemberNames.CamelCase(name));
}
