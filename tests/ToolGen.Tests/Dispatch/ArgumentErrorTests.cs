namespace ToolGen.Tests.Dispatch;

/// <summary>Every mistake a model can make in its arguments becomes a structured error, and the tool is never run.</summary>
public class ArgumentErrorTests
{
    private const string ValidFormats = "\"id\":\"123e4567-e89b-12d3-a456-426614174000\",\"when\":\"2026-05-01T12:30:00Z\",\"whenOffset\":\"2026-05-01T12:30:00Z\",\"link\":\"https://example.com/\"";

    public static TheoryData<string, string, ToolErrorKind, string?, string?> Cases => new()
    {
        { "basics", """{"text":"a","number":1,"flag":tru""", ToolErrorKind.InvalidJson, null, null },
        { "basics", """{"text":"a"} {}""", ToolErrorKind.InvalidJson, null, null },
        { "basics", """{"number":5, "text":"a",}""", ToolErrorKind.InvalidJson, null, null },
        { "basics", """[1,2]""", ToolErrorKind.ArgumentsNotObject, null, "object" },
        { "basics", "\"text\"", ToolErrorKind.ArgumentsNotObject, null, "object" },
        { "basics", "null", ToolErrorKind.ArgumentsNotObject, null, "object" },
        { "basics", """{"text":"a","flag":true}""", ToolErrorKind.MissingRequired, "number", "integer" },
        { "basics", """{"text":"a","number":1,"flag":true,"extra":1}""", ToolErrorKind.UnknownArgument, "extra", null },
        { "basics", """{"text":5,"number":1,"flag":true}""", ToolErrorKind.WrongType, "text", "string" },
        { "basics", """{"text":"a","number":"1","flag":true}""", ToolErrorKind.WrongType, "number", "integer" },
        { "basics", """{"text":"a","number":1.5,"flag":true}""", ToolErrorKind.WrongType, "number", "integer" },
        { "basics", """{"text":"a","number":1,"flag":"true"}""", ToolErrorKind.WrongType, "flag", "boolean" },
        { "basics", """{"text":null,"number":1,"flag":true}""", ToolErrorKind.WrongType, "text", "string" },
        { "basics", """{"text":"a","number":2147483648,"flag":true}""", ToolErrorKind.OutOfRange, "number", "integer from -2147483648 to 2147483647" },
        { "basics", """{"text":"a","number":1e400,"flag":true}""", ToolErrorKind.OutOfRange, "number", "integer from -2147483648 to 2147483647" },
        { "basics", """{"text":"a","number":1e-400,"flag":true}""", ToolErrorKind.WrongType, "number", "integer" },
        { "basics", """{"text":"a","number":1.00000000000000000000000000001,"flag":true}""", ToolErrorKind.WrongType, "number", "integer" },
        { "basics", """{"text":"a","number":2147483647.0000000000000000000000001,"flag":true}""", ToolErrorKind.WrongType, "number", "integer" },
        { "formats", """{"id":" 123e4567-e89b-12d3-a456-426614174000","when":"2026-05-01T12:30:00Z","whenOffset":"2026-05-01T12:30:00Z","link":"https://example.com/","mood":"Sad"}""", ToolErrorKind.ConstraintViolation, "id", "uuid" },
        { "numbers", """{"tiny":1,"small":256,"medium":1,"umedium":1,"unumber":1,"big":1,"ubig":1,"single":1,"real":1,"money":1}""", ToolErrorKind.OutOfRange, "small", "integer from 0 to 255" },
        { "numbers", """{"tiny":1,"small":1,"medium":1,"umedium":1,"unumber":-1,"big":1,"ubig":1,"single":1,"real":1,"money":1}""", ToolErrorKind.OutOfRange, "unumber", "integer from 0 to 4294967295" },
        { "numbers", """{"tiny":1,"small":1,"medium":1,"umedium":1,"unumber":1,"big":1,"ubig":-1,"single":1,"real":1,"money":1}""", ToolErrorKind.OutOfRange, "ubig", "integer from 0 to 18446744073709551615" },
        { "numbers", """{"tiny":1,"small":1,"medium":1,"umedium":1,"unumber":1,"big":1,"ubig":1,"single":1e39,"real":1,"money":1}""", ToolErrorKind.OutOfRange, "single", "number of at most 3.4E+38 in magnitude" },
        { "formats", "{" + ValidFormats + ""","mood":"angry"}""", ToolErrorKind.UnknownEnumValue, "mood", "one of \"Happy\", \"Sad\", \"very-calm\"" },
        { "formats", "{" + ValidFormats + ""","mood":1}""", ToolErrorKind.WrongType, "mood", "one of \"Happy\", \"Sad\", \"very-calm\"" },
        { "pick_case", """{"casing":"up"}""", ToolErrorKind.UnknownEnumValue, "casing", "one of \"Up\", \"UP\", \"Down\"" },
        { "basics", """{"text":"a","number":1,"text":"b","flag":true}""", ToolErrorKind.DuplicateArgument, "text", null },
        { "formats", """{"id":"not-a-uuid","when":"2026-05-01T12:30:00Z","whenOffset":"2026-05-01T12:30:00Z","link":"https://example.com/","mood":"Sad"}""", ToolErrorKind.ConstraintViolation, "id", "uuid" },
        { "formats", """{"id":"123e4567-e89b-12d3-a456-426614174000","when":"yesterday","whenOffset":"2026-05-01T12:30:00Z","link":"https://example.com/","mood":"Sad"}""", ToolErrorKind.ConstraintViolation, "when", "date-time" },
        { "formats", """{"id":"123e4567-e89b-12d3-a456-426614174000","when":"2026-05-01T12:30:00Z","whenOffset":"2026-13-01","link":"https://example.com/","mood":"Sad"}""", ToolErrorKind.ConstraintViolation, "whenOffset", "date-time" },
        { "formats", """{"id":"123e4567-e89b-12d3-a456-426614174000","when":"2026-05-01T12:30:00Z","whenOffset":"2026-05-01T12:30:00Z","link":"/relative","mood":"Sad"}""", ToolErrorKind.ConstraintViolation, "link", "uri" },
        { "collections", """{"numbers":[1,"2"],"names":[],"moods":[],"grid":[]}""", ToolErrorKind.WrongType, "numbers[1]", "integer" },
        { "collections", """{"numbers":[],"names":[],"moods":[],"grid":[[1],[2,null]]}""", ToolErrorKind.WrongType, "grid[1][1]", "integer" },
        { "collections", """{"numbers":{},"names":[],"moods":[],"grid":[]}""", ToolErrorKind.WrongType, "numbers", "array" },
        { "collections", """{"numbers":[],"names":[],"moods":["Sad","meh"],"grid":[]}""", ToolErrorKind.UnknownEnumValue, "moods[1]", "one of \"Happy\", \"Sad\", \"very-calm\"" },
        { "defaults", """{"count":"three"}""", ToolErrorKind.WrongType, "count", "integer or null" },
        { "nullables", """{"text":"t","number":"5","mood":null}""", ToolErrorKind.WrongType, "number", "integer or null" },
        { "nullables", """{"text":"t","number":5,"mood":2}""", ToolErrorKind.WrongType, "mood", "one of \"Happy\", \"Sad\", \"very-calm\" or null" },
        { "nullables", """{"text":"t","number":5,"mood":"angry"}""", ToolErrorKind.UnknownEnumValue, "mood", "one of \"Happy\", \"Sad\", \"very-calm\" or null" },
        { "collections", """{"numbers":[],"names":["a",5],"moods":[],"grid":[]}""", ToolErrorKind.WrongType, "names[1]", "string or null" },
        { "collections", """{"numbers":[null],"names":[],"moods":[],"grid":[]}""", ToolErrorKind.WrongType, "numbers[0]", "integer" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Argument_mistakes_give_their_structured_error_and_never_run_the_tool(
        string tool, string arguments, ToolErrorKind kind, string? path, string? expected)
    {
        var tools = new RecordingTools();
        var result = await tools.AssistantTools.Call(tool, arguments);

        Assert.Equal(kind, result.ErrorKind);
        var error = result.ErrorObject();
        Assert.Equal(ToolError.KindName(kind), error.Field("kind"));
        Assert.Equal(tool, error.Field("tool"));
        Assert.Equal(path, error.Field("path"));
        Assert.Equal(expected, error.Field("expected"));
        Assert.False(string.IsNullOrWhiteSpace(error.Field("message")));
        Assert.Equal(0, tools.Calls);
    }

    [Fact]
    public async Task Missing_required_argument_is_reported_with_its_path()
    {
        var before = FoodTools.Calls;
        var result = await FoodTools.AssistantTools.Call("get_favorite_food_for_day_of_week", "{}");
        Assert.Equal(
            """{"error":{"kind":"missing_required","tool":"get_favorite_food_for_day_of_week","path":"day_of_week","expected":"string","message":"The required argument 'day_of_week' is missing."}}""",
            result.Output);
        Assert.Equal(before, FoodTools.Calls);
    }

    [Fact]
    public async Task A_nullable_parameter_is_expected_as_its_type_or_null_whether_missing_or_mistyped()
    {
        var tools = new RecordingTools();
        var missing = await tools.AssistantTools.Call("nullables", """{"number":5,"mood":null}""");
        var mistyped = await tools.AssistantTools.Call("nullables", """{"text":5,"number":5,"mood":null}""");
        Assert.Equal(ToolErrorKind.MissingRequired, missing.ErrorKind);
        Assert.Equal(ToolErrorKind.WrongType, mistyped.ErrorKind);
        Assert.Equal("string or null", missing.ErrorObject().Field("expected"));
        Assert.Equal("string or null", mistyped.ErrorObject().Field("expected"));
        Assert.Equal("Expected string or null, got a number.", mistyped.ErrorObject().Field("message"));
    }

    [Theory]
    [InlineData(63, null)]
    [InlineData(64, "The arguments nest deeper than 64 levels.")]
    [InlineData(200, "The arguments nest deeper than 64 levels.")]
    public async Task Arguments_nested_beyond_the_readers_depth_say_so(int arrays, string? message)
    {
        var nested = new string('[', arrays) + new string(']', arrays);
        var result = await new RecordingTools().AssistantTools.Call("collections", "{\"grid\":" + nested + "}");
        if (message is null)
        {
            Assert.NotEqual(ToolErrorKind.InvalidJson, result.ErrorKind);
        }
        else
        {
            Assert.Equal(ToolErrorKind.InvalidJson, result.ErrorKind);
            Assert.Equal(message, result.ErrorObject().Field("message"));
        }

        var broken = await new RecordingTools().AssistantTools.Call("collections", "{\"grid\":" + new string('[', 3) + "}");
        Assert.Equal("The arguments are not valid JSON.", broken.ErrorObject().Field("message"));
    }

    [Fact]
    public async Task A_huge_unknown_property_name_is_shortened_in_the_message_and_the_path()
    {
        var name = new string('x', 10_000);
        var result = await new RecordingTools().AssistantTools.Call("basics", "{\"" + name + "\":1}");
        var message = result.ErrorObject().Field("message")!;
        Assert.Equal(ToolErrorKind.UnknownArgument, result.ErrorKind);
        Assert.True(message.Length < 200, message);
        Assert.Equal(new string('x', 63) + "…", result.ErrorObject().Field("path"));
    }

    [Fact]
    public async Task Unknown_argument_message_lists_the_parameters()
    {
        var result = await FoodTools.AssistantTools.Call("get_favorite_food_for_day_of_week", """{"day":"Monday"}""");
        Assert.Contains("day_of_week", result.ErrorObject().Field("message"));
    }

    [Fact]
    public async Task Unknown_tool_lists_the_available_tools()
    {
        var result = await FoodTools.AssistantTools.Call("get_weather", "{}");
        Assert.Equal(ToolErrorKind.UnknownTool, result.ErrorKind);
        Assert.Contains("fetch_url, get_favorite_food_for_day_of_week", result.ErrorObject().Field("message"));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Error_messages_carry_no_dotnet_type_names(string tool, string arguments, ToolErrorKind kind, string? path, string? expected)
    {
        _ = (kind, path, expected);
        var result = await new RecordingTools().AssistantTools.Call(tool, arguments);
        foreach (var word in new[] { "System.", "Int32", "Int64", "String", "Boolean", "Exception", "Guid", "   at " })
        {
            Assert.DoesNotContain(word, result.ErrorObject().Field("message"));
        }
    }
}
