using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using NJsonSchema;

namespace ToolGen.ModelContextProtocol.Tests;

/// <summary>A generated record-returning tool, whose definition has an output schema: <c>outputSchema</c> in the
/// listing, <c>structuredContent</c> in the result.</summary>
public sealed class StructuredContentTests
{
    private static async Task<CallToolResult> CallAsync(McpConnection connection, string arguments)
    {
        using var patience = new CancellationTokenSource(McpConnection.Patience);
        var values = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(arguments)!.ToDictionary(p => p.Key, p => (object?)p.Value);
        return await connection.Client.CallToolAsync("get_harbour_report", values, cancellationToken: patience.Token);
    }

    [Fact]
    public async Task The_listing_carries_the_generated_output_schema()
    {
        var definition = Assert.Single(HarbourReportTools.AssistantTools.Definitions);
        await using var connection = await McpConnection.StartAsync(HarbourReportTools.AssistantTools);

        var tool = Assert.Single(await connection.Client.ListToolsAsync());

        Assert.False(definition.OutputSchema.IsEmpty);
        Assert.NotNull(tool.ProtocolTool.OutputSchema);
        Assert.Equal("object", tool.ProtocolTool.OutputSchema.Value.GetProperty("type").GetString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(definition.OutputSchema.Span), JsonNode.Parse(tool.ProtocolTool.OutputSchema.Value.GetRawText())));
    }

    [Fact]
    public async Task A_combined_set_lists_the_output_schema_only_for_the_tool_that_has_one()
    {
        var tools = ToolSet.Combine(new TideTools().AssistantTools, HarbourReportTools.AssistantTools);
        await using var connection = await McpConnection.StartAsync(tools);

        var listed = await connection.Client.ListToolsAsync();

        Assert.Equal(tools.Definitions.Select(d => d.Name), listed.Select(t => t.Name));
        Assert.Equal(["get_harbour_report"], listed.Where(t => t.ProtocolTool.OutputSchema is not null).Select(t => t.Name));
    }

    [Fact]
    public async Task A_record_result_is_structured_content_that_validates_against_the_listed_output_schema()
    {
        await using var connection = await McpConnection.StartAsync(HarbourReportTools.AssistantTools);
        var tool = Assert.Single(await connection.Client.ListToolsAsync());
        var schema = await JsonSchema.FromJsonAsync(tool.ProtocolTool.OutputSchema!.Value.GetRawText());

        var result = await CallAsync(connection, """{"harbour":"Looe"}""");

        Assert.NotEqual(true, result.IsError);
        var structured = Assert.NotNull(result.StructuredContent);
        Assert.Equal("Looe", structured.GetProperty("harbour").GetString());
        Assert.Empty(schema.Validate(structured.GetRawText()));

        // The text block carries the same JSON, for clients that read only content.
        var text = Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(text), JsonNode.Parse(structured.GetRawText())));
    }

    [Fact]
    public async Task The_output_schema_rejects_content_of_another_shape()
    {
        await using var connection = await McpConnection.StartAsync(HarbourReportTools.AssistantTools);
        var tool = Assert.Single(await connection.Client.ListToolsAsync());
        var schema = await JsonSchema.FromJsonAsync(tool.ProtocolTool.OutputSchema!.Value.GetRawText());

        Assert.NotEmpty(schema.Validate("""{"harbour":"Looe","highWaterMetres":"high","highWaterAt":"2026-12-06T06:42:00+00:00","warnings":[]}"""));
        Assert.NotEmpty(schema.Validate("""{"harbour":"Looe","highWaterMetres":5.1,"highWaterAt":"2026-12-06T06:42:00+00:00","warnings":[],"tide":1}"""));
    }

    [Fact]
    public async Task An_error_result_of_a_structured_tool_has_no_structured_content()
    {
        await using var connection = await McpConnection.StartAsync(HarbourReportTools.AssistantTools);

        var result = await CallAsync(connection, "{}");

        Assert.True(result.IsError);
        Assert.Null(result.StructuredContent);
        Assert.Contains("\"kind\":\"missing_required\"", Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text);
    }
}
