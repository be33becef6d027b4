using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Server;

namespace ToolGen.ModelContextProtocol;

/// <summary>
/// Serves the tools of a <see cref="ToolSet"/> over the Model Context Protocol with the official ModelContextProtocol
/// SDK: each tool becomes an <see cref="McpServerTool"/> whose <c>tools/list</c> entry carries the generated name,
/// description and input schema, and whose <c>tools/call</c> runs through the generated dispatcher.
/// </summary>
/// <remarks>
/// <para>No schema is built and no method is found by reflection at run time: the input schema (and the output schema,
/// where the definition has one) is the compile-time JSON text of the <see cref="ToolDefinition"/>, parsed once when the
/// server tool is created. This is what keeps the tools NativeAOT- and trim-safe, unlike the SDK's own
/// <c>[McpServerTool]</c> methods.</para>
/// <para>A model's mistake (an argument error, a tool that threw: every <see cref="ToolResult"/> with
/// <see cref="ToolResult.IsError"/>) is a <c>tools/call</c> result with <c>isError: true</c> and ToolGen's error object
/// as its text content, never a JSON-RPC error, as the MCP specification asks of tool execution errors
/// (<see href="https://modelcontextprotocol.io/specification/2025-11-25/server/tools#error-handling">Tools: error
/// handling</see>). A <c>tool_failed</c> error carries the exception's message only for a set made with
/// <see cref="ToolSet.WithExceptionMessages"/>. The client's <c>notifications/cancelled</c> cancels the token the tool
/// receives.</para>
/// </remarks>
public static class McpServerToolSet
{
    /// <summary>One <see cref="McpServerTool"/> per tool of <paramref name="tools"/>, in the order of
    /// <see cref="ToolSet.Definitions"/>; give them to <c>IMcpServerBuilder.WithTools</c> or an
    /// <c>McpServerOptions.ToolCollection</c>.</summary>
    /// <param name="tools">The tool set.</param>
    /// <returns>A new list of server tools; each parses its tool's schemas once, here.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="tools"/> is <see langword="null"/>.</exception>
    /// <exception cref="System.Text.Json.JsonException">A tool's schema is not valid JSON.</exception>
    /// <exception cref="ArgumentException">A tool's input schema is not a JSON object with <c>"type": "object"</c>,
    /// which MCP requires of <c>inputSchema</c>.</exception>
    public static IReadOnlyList<McpServerTool> AsMcpServerTools(this ToolSet tools)
    {
        ArgumentNullException.ThrowIfNull(tools);
        return tools.Definitions.Select(definition => (McpServerTool)new ToolSetServerTool(tools, definition)).ToArray();
    }

    /// <summary>Adds the tools of <paramref name="tools"/> to the MCP server being built:
    /// <c>builder.Services.AddMcpServer().WithStdioServerTransport().WithToolGenTools(tools)</c>.</summary>
    /// <param name="builder">The MCP server builder.</param>
    /// <param name="tools">The tool set.</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="tools"/> is
    /// <see langword="null"/>.</exception>
    /// <exception cref="System.Text.Json.JsonException">A tool's schema is not valid JSON.</exception>
    public static IMcpServerBuilder WithToolGenTools(this IMcpServerBuilder builder, ToolSet tools)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(tools);
        return builder.WithTools(tools.AsMcpServerTools());
    }
}
