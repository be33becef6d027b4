using System.Text.Json.Nodes;

namespace ToolGen.ModelContextProtocol.Tests;

/// <summary>What an MCP client sees in <c>tools/list</c>.</summary>
public sealed class ToolListingTests
{
    [Fact]
    public async Task Tools_list_returns_every_generated_definition_with_its_name_description_and_schema_unchanged()
    {
        var tools = new TideTools().AssistantTools;
        await using var connection = await McpConnection.StartAsync(tools);

        var listed = await connection.Client.ListToolsAsync();

        Assert.Equal(tools.Definitions.Select(d => d.Name), listed.Select(t => t.Name));
        foreach (var (definition, tool) in tools.Definitions.Zip(listed))
        {
            Assert.Equal(definition.Description, tool.Description);

            // The SDK's JSON writer escapes characters such as ' as \u0027 on the wire; the schema is the same JSON.
            Assert.True(
                JsonNode.DeepEquals(JsonNode.Parse(definition.ParametersSchemaJson), JsonNode.Parse(tool.ProtocolTool.InputSchema.GetRawText())),
                $"{definition.Name}: {tool.ProtocolTool.InputSchema.GetRawText()}");
            Assert.Null(tool.ProtocolTool.OutputSchema);
        }
    }

    [Fact]
    public void The_server_tool_holds_the_generated_schema_text_byte_for_byte()
    {
        var tools = new TideTools().AssistantTools;

        var serverTools = tools.AsMcpServerTools();

        Assert.Equal(
            tools.Definitions.Select(d => d.ParametersSchemaJson),
            serverTools.Select(t => t.ProtocolTool.InputSchema.GetRawText()));
    }

    [Fact]
    public async Task A_description_with_typographic_characters_reaches_the_client_unchanged()
    {
        await using var connection = await McpConnection.StartAsync(new TideTools().AssistantTools);

        var tool = Assert.Single(await connection.Client.ListToolsAsync(), t => t.Name == "get_high_tide");

        Assert.Equal("Gets the time of high tide at a harbour — from the Admiralty tables, “as printed”.", tool.Description);
    }
}
