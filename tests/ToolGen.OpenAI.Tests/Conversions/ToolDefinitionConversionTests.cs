using System.ClientModel.Primitives;
using System.Text;
using System.Text.Json.Nodes;

namespace ToolGen.OpenAI.Tests.Conversions;

public sealed class ToolDefinitionConversionTests
{
    private const string Schema = """{"type":"object","properties":{"url":{"type":"string"}},"required":["url"],"additionalProperties":false}""";

    private static readonly ToolDefinition FetchUrl = new("fetch_url", "Downloads a page.", Encoding.UTF8.GetBytes(Schema), strict: true);

    [Fact]
    public void Assistants_function_tool_is_written_in_the_assistants_tools_shape_with_the_schema_unchanged()
    {
        var json = JsonNode.Parse(ModelReaderWriter.Write(FetchUrl.ToFunctionToolDefinition()).ToString())!;

        var expected = JsonNode.Parse($$$"""
            {"type":"function","function":{"name":"fetch_url","description":"Downloads a page.","parameters":{{{Schema}}},"strict":true}}
            """);
        Assert.True(JsonNode.DeepEquals(expected, json), json.ToJsonString());
    }

    [Fact]
    public void Non_strict_definition_is_sent_with_strict_false()
    {
        var loose = new ToolDefinition("fetch_url", null, Encoding.UTF8.GetBytes("""{"type":"object"}"""), strict: false);

        var json = JsonNode.Parse(ModelReaderWriter.Write(loose.ToFunctionToolDefinition()).ToString())!;

        Assert.False(json["function"]!["strict"]!.GetValue<bool>());
        Assert.Null(json["function"]!["description"]);
    }

    [Fact]
    public void Tool_set_converts_every_definition_in_order()
    {
        var second = new ToolDefinition("get_time", "Tells the time.", Encoding.UTF8.GetBytes("""{"type":"object","properties":{},"required":[],"additionalProperties":false}"""), strict: true);
        var set = new FixedToolSet(FetchUrl, second);

        var tools = set.ToFunctionToolDefinitions();

        Assert.Equal(["fetch_url", "get_time"], tools.Select(t => t.FunctionName));
        Assert.Equal("Tells the time.", tools[1].Description);
    }

    [Fact]
    public void Chat_and_responses_tools_carry_the_same_name_description_schema_and_strictness()
    {
        var chat = FetchUrl.ToChatTool();
        var response = FetchUrl.ToResponseTool();

        Assert.Equal(("fetch_url", "Downloads a page.", Schema, true), (chat.FunctionName, chat.FunctionDescription, chat.FunctionParameters.ToString(), chat.FunctionSchemaIsStrict));
        Assert.Equal(("fetch_url", "Downloads a page.", Schema, true), (response.FunctionName, response.FunctionDescription, response.FunctionParameters.ToString(), response.StrictModeEnabled));
    }

    private sealed class FixedToolSet(params ToolDefinition[] definitions) : ToolSet
    {
        public override IReadOnlyList<ToolDefinition> Definitions => definitions;

        protected override ValueTask<ToolResult> InvokeCoreAsync(ToolCall call, CancellationToken cancellationToken)
            => ValueTask.FromResult(UnknownTool(call));
    }
}
