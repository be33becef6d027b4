using System.Text;
using System.Text.Json;

namespace ToolGen.Tests.Dispatch;

/// <summary>Arguments and names a model can send to hurt the host or flood its own context: text that is no Unicode,
/// names of a megabyte, arguments of many megabytes. Each is an argument error; none reaches the tool.</summary>
public class HostileArgumentTests
{
    private const string Formats = "\"id\":\"123e4567-e89b-12d3-a456-426614174000\",\"when\":\"2026-05-01T12:30:00Z\",\"whenOffset\":\"2026-05-01T12:30:00Z\",\"link\":\"https://example.com/\"";

    public static TheoryData<string, string, string> UnpairedSurrogates => new()
    {
        { "basics", """{"text":"a\ud800","number":1,"flag":true}""", "text" },
        { "basics", """{"text":"\udc00b","number":1,"flag":true}""", "text" },
        { "basics", """{"te\ud800xt":"a","number":1,"flag":true}""", "te\\ud800xt" },
        { "collections", """{"numbers":[],"names":["a","\ud800"],"moods":[],"grid":[]}""", "names[1]" },
        { "formats", "{" + Formats + ""","mood":"Sad\ud800"}""", "mood" },
        { "nullables", """{"text":null,"number":1,"mood":"\ud800"}""", "mood" },
        { "formats", """{"id":"\ud800","when":"2026-05-01T12:30:00Z","whenOffset":"2026-05-01T12:30:00Z","link":"https://example.com/","mood":"Sad"}""", "id" },
        { "formats", """{"id":"123e4567-e89b-12d3-a456-426614174000","when":"2026-05-01T12:30:00Z","whenOffset":"2026-05-01T12:30:00Z","link":"https://example.com/\ud800","mood":"Sad"}""", "link" },
    };

    [Theory]
    [MemberData(nameof(UnpairedSurrogates))]
    public async Task An_unpaired_surrogate_escape_is_an_argument_error_with_its_path(string tool, string arguments, string path)
    {
        var tools = new RecordingTools();
        var result = await tools.AssistantTools.Call(tool, arguments);

        Assert.Equal(ToolErrorKind.ConstraintViolation, result.ErrorKind);
        Assert.Equal(path, result.ErrorObject().Field("path"));
        Assert.Equal("valid Unicode text", result.ErrorObject().Field("expected"));
        Assert.Equal(0, tools.Calls);
    }

    [Fact]
    public async Task A_surrogate_pair_escape_is_read_as_its_character()
    {
        var tools = new RecordingTools();
        var result = await tools.AssistantTools.Call("basics", """{"text":"\ud83d\ude00","number":1,"flag":true}""");
        Assert.False(result.IsError, result.Output);
        Assert.Equal("😀", tools.Received[0]);
    }

    [Fact]
    public async Task An_unknown_tool_name_is_echoed_short_and_without_control_characters()
    {
        var megabyte = "get\u0000_weather\n" + new string('x', 1 << 20);
        var result = await FoodTools.AssistantTools.Call(megabyte, "{}");

        Assert.Equal(ToolErrorKind.UnknownTool, result.ErrorKind);
        var tool = result.ErrorObject().Field("tool")!;
        Assert.Equal(64, tool.Length);
        Assert.StartsWith("get_weatherxxx", tool);
        Assert.EndsWith("…", tool);
        Assert.True(result.Output.Length < ToolError.MaxJsonLength, $"{result.Output.Length} characters");
    }

    [Fact]
    public async Task An_unknown_property_name_is_echoed_short_and_without_control_characters()
    {
        var name = "ci\u0001ty\u007F" + new string('y', 1 << 19);
        var arguments = JsonSerializer.Serialize(new Dictionary<string, int> { [name] = 1 });
        var result = await new RecordingTools().AssistantTools.Call("basics", arguments);

        Assert.Equal(ToolErrorKind.UnknownArgument, result.ErrorKind);
        var path = result.ErrorObject().Field("path")!;
        Assert.Equal(64, path.Length);
        Assert.StartsWith("cityyy", path);
        Assert.Contains($"'{path}'", result.ErrorObject().Field("message"));
        Assert.True(result.Output.Length < ToolError.MaxJsonLength, $"{result.Output.Length} characters");
    }

    [Fact]
    public async Task A_short_unknown_name_is_echoed_whole()
    {
        var result = await FoodTools.AssistantTools.Call("get_weather", "{}");
        Assert.Equal("get_weather", result.ErrorObject().Field("tool"));
        var property = await new RecordingTools().AssistantTools.Call("basics", """{"city":1}""");
        Assert.Equal("city", property.ErrorObject().Field("path"));
    }

    public static TheoryData<string, string> HostileCalls => new()
    {
        { new string('\u0007', 5000), "{}" },
        { "basics", "{\"text\":\"a\",\"number\":1,\"flag\":true,\"" + new string('"', 1).Replace("\"", "\\\"") + new string('x', 5000) + "\":1}" },
        { "formats", "{" + Formats + ",\"mood\":\"" + string.Concat(Enumerable.Repeat("\\u0000😀", 3000)) + "\"}" },
        { "basics", "{\"text\":\"a\",\"text\":\"b\",\"" + new string('t', 3000) + "\":1}" },
        { "collections", "{\"grid\":" + string.Concat(Enumerable.Repeat("[", 40)) + "\"x\"" + string.Concat(Enumerable.Repeat("]", 40)) + "}" },
        { string.Concat(Enumerable.Repeat("😀\"\\", 3000)), "{}" },
    };

    [Theory]
    [MemberData(nameof(HostileCalls))]
    public async Task Every_error_output_stays_under_1000_characters(string tool, string arguments)
    {
        var result = await new RecordingTools().AssistantTools.Call(tool, arguments);

        Assert.True(result.IsError);
        Assert.True(result.Output.Length < ToolError.MaxJsonLength, $"{result.Output.Length} characters");
        Assert.Equal(ToolError.KindName(result.ErrorKind!.Value), result.ErrorObject().Field("kind"));
    }

    [Fact]
    public void An_error_with_huge_fields_is_written_short_and_still_says_what_it_is()
    {
        var huge = string.Concat(Enumerable.Repeat("😀\"\u0001\\", 100_000));
        var error = new ToolError(ToolErrorKind.WrongType, huge, huge) { Path = huge, Expected = huge };

        var json = error.ToJson();

        Assert.True(json.Length < ToolError.MaxJsonLength, $"{json.Length} characters");
        var written = JsonDocument.Parse(json).RootElement.GetProperty("error");
        Assert.Equal("wrong_type", written.Field("kind"));
        Assert.StartsWith("😀\"\\😀", written.Field("tool"));
        Assert.EndsWith("…", written.Field("message"));
    }

    [Fact]
    public async Task A_long_list_of_tools_is_cut_in_the_unknown_tool_message()
    {
        var names = Enumerable.Range(0, 128).Select(i => $"tool_{i:D3}_" + new string('n', 50)).ToArray();
        var result = await new NamedTools(names).Call("nope", "{}");

        var message = result.ErrorObject().Field("message")!;
        Assert.Contains(names[0], message);
        Assert.DoesNotContain(names[^1], message);
        Assert.Matches(@" and \d+ more\.$", message);
        Assert.True(result.Output.Length < ToolError.MaxJsonLength, $"{result.Output.Length} characters");
    }

    [Fact]
    public async Task A_tools_long_exception_message_is_cut_when_messages_are_on()
    {
        var tools = new NamedTools(["fail"], new string('m', 10_000)).WithExceptionMessages();
        var result = await tools.Call("fail", "{}");

        Assert.Equal(ToolErrorKind.ToolFailed, result.ErrorKind);
        Assert.StartsWith("The tool failed: mmm", result.ErrorObject().Field("message"));
        Assert.True(result.Output.Length < ToolError.MaxJsonLength, $"{result.Output.Length} characters");
    }

    [Fact]
    public async Task Arguments_over_the_default_size_are_rejected_before_parsing()
    {
        Assert.Equal(1_048_576, ToolSet.DefaultMaxArgumentsSize);
        var tools = new RecordingTools();
        Assert.Equal(ToolSet.DefaultMaxArgumentsSize, tools.AssistantTools.MaxArgumentsSize);
        var prefix = "{\"number\":1,\"flag\":true,\"text\":\"";
        string Arguments(int size) => prefix + new string('x', size - prefix.Length - 2) + "\"}";

        var atLimit = await tools.AssistantTools.Call("basics", Arguments(ToolSet.DefaultMaxArgumentsSize));
        Assert.False(atLimit.IsError, atLimit.ErrorKind.ToString());
        Assert.Equal(1, tools.Calls);

        var over = await tools.AssistantTools.Call("basics", Arguments(ToolSet.DefaultMaxArgumentsSize + 1));
        Assert.Equal(ToolErrorKind.ArgumentsTooLarge, over.ErrorKind);
        Assert.Equal("arguments_too_large", over.ErrorObject().Field("kind"));
        Assert.Contains("1,048,576", over.ErrorObject().Field("message"));
        Assert.Equal(1, tools.Calls);

        // Size is checked first: malformed JSON over the limit is too large, not invalid.
        var malformed = await tools.AssistantTools.Call("basics", "{" + new string('[', ToolSet.DefaultMaxArgumentsSize));
        Assert.Equal(ToolErrorKind.ArgumentsTooLarge, malformed.ErrorKind);
    }

    [Fact]
    public async Task The_size_limit_is_configurable_and_counts_UTF8_bytes()
    {
        var recording = new RecordingTools();
        var tools = recording.AssistantTools.WithMaxArgumentsSize(100);
        Assert.Equal(100, tools.MaxArgumentsSize);
        string Arguments(string text) => "{\"number\":1,\"flag\":true,\"text\":\"" + text + "\"}";

        // 94 characters, but 154 bytes.
        var accented = await tools.Call("basics", Arguments(new string('é', 60)));
        Assert.Equal(ToolErrorKind.ArgumentsTooLarge, accented.ErrorKind);
        Assert.Contains("154 bytes long, more than the 100", accented.ErrorObject().Field("message"));

        var fits = await tools.Call("basics", Arguments(new string('é', 30)));
        Assert.False(fits.IsError, fits.Output);
        Assert.Equal(1, recording.Calls);

        Assert.Throws<ArgumentOutOfRangeException>(() => recording.AssistantTools.WithMaxArgumentsSize(0));
    }

    [Fact]
    public async Task Size_limit_and_exception_messages_combine_in_either_order()
    {
        var throwing = new NamedTools(["fail"], "boom");
        foreach (var tools in new[] { throwing.WithMaxArgumentsSize(20).WithExceptionMessages(), throwing.WithExceptionMessages().WithMaxArgumentsSize(20) })
        {
            Assert.Equal(20, tools.MaxArgumentsSize);
            Assert.Contains("boom", (await tools.Call("fail", "{}")).ErrorObject().Field("message"));
            Assert.Equal(ToolErrorKind.ArgumentsTooLarge, (await tools.Call("fail", "{\"padding\":\"0123456789\"}")).ErrorKind);
        }
    }

    [Fact]
    public async Task A_combined_set_applies_each_sets_own_limit_unless_given_one()
    {
        var small = new NamedTools(["small"]).WithMaxArgumentsSize(10);
        var large = new NamedTools(["large"]);
        var combined = ToolSet.Combine(small, large);
        const string arguments = "{\"padding\":\"0123456789\"}";

        Assert.Equal(ToolErrorKind.ArgumentsTooLarge, (await combined.Call("small", arguments)).ErrorKind);
        Assert.False((await combined.Call("large", arguments)).IsError);
        Assert.Equal(ToolErrorKind.ArgumentsTooLarge, (await combined.WithMaxArgumentsSize(10).Call("large", arguments)).ErrorKind);
    }

    // Tools that take anything and answer "ok", or throw the given message.
    private sealed class NamedTools(string[] names, string? throws = null) : ToolSet
    {
        private readonly ToolDefinition[] _definitions = names
            .Select(n => new ToolDefinition(n, null, """{"type":"object","properties":{},"required":[],"additionalProperties":false}"""u8.ToArray(), true))
            .ToArray();

        public override IReadOnlyList<ToolDefinition> Definitions => _definitions;

        protected override ValueTask<ToolResult> InvokeCoreAsync(ToolCall call, CancellationToken cancellationToken)
        {
            if (!_definitions.Any(d => d.Name == call.Name))
            {
                return ValueTask.FromResult(UnknownTool(call));
            }

            return throws is null
                ? ValueTask.FromResult(ToolResult.Success(call.Id, "ok"))
                : throw new InvalidOperationException(throws);
        }
    }
}
