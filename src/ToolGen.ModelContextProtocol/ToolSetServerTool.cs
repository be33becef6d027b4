using System.Buffers;
using System.Text;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace ToolGen.ModelContextProtocol;

/// <summary>One tool of a <see cref="ToolSet"/> as an MCP server tool.</summary>
internal sealed class ToolSetServerTool : McpServerTool
{
    private readonly ToolSet _tools;
    private readonly ToolDefinition _definition;
    private readonly Tool _protocolTool;

    public ToolSetServerTool(ToolSet tools, ToolDefinition definition)
    {
        _tools = tools;
        _definition = definition;
        _protocolTool = new Tool
        {
            Name = definition.Name,
            Description = definition.Description,
            InputSchema = Parse(definition.ParametersSchema),
            OutputSchema = definition.OutputSchema.IsEmpty ? null : Parse(definition.OutputSchema),
        };
    }

    public override Tool ProtocolTool => _protocolTool;

    // The SDK fills this with the attributes of a reflected method; a generated tool has no method to reflect on.
    public override IReadOnlyList<object> Metadata => [];

    public override async ValueTask<CallToolResult> InvokeAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // MCP has no tool call id; the JSON-RPC request id names the call in ToolGen's results and logs.
        var call = new ToolCall(request.JsonRpcRequest.Id.ToString(), _definition.Name, WriteArguments(request.Params?.Arguments));
        var result = await DispatchAsync(call, request.Services, cancellationToken).ConfigureAwait(false);
        return ToCallToolResult(result);
    }

    public override string ToString() => _definition.Name;

    /// <summary>The one place where a <c>tools/call</c> reaches the generated dispatcher, with the services of the
    /// request (the server's provider, or the request's scope when <c>McpServerOptions.ScopeRequests</c> is on): tools'
    /// host-supplied parameters (<c>[FromServices]</c>, <c>IServiceProvider</c>) are resolved from them.</summary>
    private ValueTask<ToolResult> DispatchAsync(ToolCall call, IServiceProvider? services, CancellationToken cancellationToken)
        => _tools.InvokeWithServicesAsync(call, services, cancellationToken);

    private CallToolResult ToCallToolResult(ToolResult result)
    {
        // The text block carries the output for every client; a tool with an output schema sends the same JSON as
        // structuredContent too, as the MCP specification asks for backwards compatibility.
        var content = new List<ContentBlock> { new TextContentBlock { Text = result.Output } };
        if (result.IsError)
        {
            return new CallToolResult { Content = content, IsError = true };
        }

        return new CallToolResult { Content = content, StructuredContent = StructuredContent(result.Output) };
    }

    /// <summary>The output as structured content: for a tool with an output schema, the output's JSON value; none for a
    /// <c>null</c> result or an output that is not JSON (a hand-written set's mistake, not the model's).</summary>
    private JsonElement? StructuredContent(string output)
    {
        if (_protocolTool.OutputSchema is null)
        {
            return null;
        }

        try
        {
            var value = Parse(Encoding.UTF8.GetBytes(output));
            return value.ValueKind == JsonValueKind.Null ? null : value;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonElement Parse(ReadOnlyMemory<byte> json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>The client's arguments as the JSON object text ToolGen's binder reads: the values exactly as the
    /// client sent them, so every mistake in them is the binder's to report.</summary>
    private static string WriteArguments(IDictionary<string, JsonElement>? arguments)
    {
        if (arguments is null || arguments.Count == 0)
        {
            return "{}";
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in arguments)
            {
                writer.WritePropertyName(name);
                value.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
