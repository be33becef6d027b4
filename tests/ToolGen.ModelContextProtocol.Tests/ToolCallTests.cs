using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace ToolGen.ModelContextProtocol.Tests;

/// <summary>What an MCP client gets back from <c>tools/call</c>: outputs, the model's mistakes, failures, cancellation.</summary>
public sealed class ToolCallTests
{
    private readonly TideTools _tides = new();

    private static Dictionary<string, object?> Arguments(string json)
        => JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!.ToDictionary(p => p.Key, p => (object?)p.Value);

    private static async Task<CallToolResult> CallAsync(McpClient client, string name, string arguments)
    {
        using var patience = new CancellationTokenSource(McpConnection.Patience);
        return await client.CallToolAsync(name, Arguments(arguments), cancellationToken: patience.Token);
    }

    private static string Text(CallToolResult result) => Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;

    [Theory]
    [InlineData("get_high_tide", """{"harbour":"Porthallow","day":3}""")]
    [InlineData("get_tidal_range", """{"harbour":"Porthallow","unit":"feet"}""")]
    [InlineData("get_tidal_range", """{"harbour":"Porthallow","unit":null}""")]
    public async Task A_call_returns_the_dispatchers_output_as_text_content(string name, string arguments)
    {
        var expected = await new TideTools().AssistantTools.InvokeAsync(new ToolCall("call_1", name, arguments));
        await using var connection = await McpConnection.StartAsync(_tides.AssistantTools);

        var result = await CallAsync(connection.Client, name, arguments);

        Assert.False(expected.IsError);
        Assert.NotEqual(true, result.IsError);
        Assert.Equal(expected.Output, Text(result));
        Assert.Null(result.StructuredContent);
        Assert.Equal(1, _tides.Calls);
    }

    [Theory]
    [InlineData("get_high_tide", """{"harbour":"Porthallow"}""", "missing_required", "day")]
    [InlineData("get_high_tide", """{"harbour":"Porthallow","day":3,"tide":"spring"}""", "unknown_argument", "tide")]
    [InlineData("get_high_tide", """{"harbour":7,"day":3}""", "wrong_type", "harbour")]
    [InlineData("get_high_tide", """{"harbour":"Porthallow","day":300}""", "out_of_range", "day")]
    [InlineData("get_tidal_range", """{"harbour":"Porthallow","unit":"fathoms"}""", "unknown_enum_value", "unit")]
    [InlineData("get_gauge", """{"id":"gauge-7"}""", "constraint_violation", "id")]
    public async Task A_models_mistake_is_an_error_result_with_toolgens_error_object_and_the_tool_does_not_run(
        string name, string arguments, string kind, string path)
    {
        var expected = await new TideTools().AssistantTools.InvokeAsync(new ToolCall("call_1", name, arguments));
        await using var connection = await McpConnection.StartAsync(_tides.AssistantTools);

        var result = await CallAsync(connection.Client, name, arguments);

        Assert.True(result.IsError);
        var text = Text(result);
        Assert.Equal(expected.Output, text);
        using var error = JsonDocument.Parse(text);
        var body = error.RootElement.GetProperty("error");
        Assert.Equal(kind, body.GetProperty("kind").GetString());
        Assert.Equal(name, body.GetProperty("tool").GetString());
        Assert.Equal(path, body.GetProperty("path").GetString());
        Assert.Equal(0, _tides.Calls);
    }

    [Fact]
    public async Task A_tool_that_throws_is_a_tool_failed_result_that_hides_the_exception_message()
    {
        await using var connection = await McpConnection.StartAsync(_tides.AssistantTools);

        var result = await CallAsync(connection.Client, "read_gauge", "{}");

        Assert.True(result.IsError);
        Assert.Equal(
            """{"error":{"kind":"tool_failed","tool":"read_gauge","message":"The tool failed while running. Try again or use another approach."}}""",
            Text(result));
        Assert.Equal(1, _tides.Calls);
    }

    [Fact]
    public async Task A_set_made_with_exception_messages_passes_the_tools_message_on()
    {
        await using var connection = await McpConnection.StartAsync(_tides.AssistantTools.WithExceptionMessages());

        var result = await CallAsync(connection.Client, "read_gauge", "{}");

        Assert.True(result.IsError);
        Assert.Equal(
            """{"error":{"kind":"tool_failed","tool":"read_gauge","message":"The tool failed: The tide gauge at /srv/gauge is offline."}}""",
            Text(result));
    }

    /// <summary>Starts <c>wait_for_turn</c>, cancels the call on the client once the tool runs, and returns when the
    /// client has given up on it.</summary>
    private async Task CancelACallMidwayAsync(McpClient client)
    {
        using var cancel = new CancellationTokenSource();
        var call = client.CallToolAsync("wait_for_turn", new Dictionary<string, object?>(), cancellationToken: cancel.Token).AsTask();
        await _tides.Started.Task.WaitAsync(McpConnection.Patience);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    [Fact]
    public async Task Cancelling_the_call_on_the_client_cancels_the_tools_token()
    {
        await using var connection = await McpConnection.StartAsync(_tides.AssistantTools);

        await CancelACallMidwayAsync(connection.Client);

        await _tides.Cancelled.Task.WaitAsync(McpConnection.Patience);
        Assert.True(_tides.Cancelled.Task.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task The_server_keeps_answering_after_a_cancelled_call()
    {
        await using var connection = await McpConnection.StartAsync(_tides.AssistantTools);
        await CancelACallMidwayAsync(connection.Client);

        var result = await CallAsync(connection.Client, "get_high_tide", """{"harbour":"Looe","day":1}""");

        Assert.Equal("High tide at Looe on day 1 is at 06:42.", Text(result));
    }

    [Fact]
    public async Task Each_call_reaches_the_tool_set_under_its_own_json_rpc_request_id()
    {
        var recorder = new CallRecorder(_tides.AssistantTools);
        await using var connection = await McpConnection.StartAsync(recorder);

        await CallAsync(connection.Client, "get_high_tide", """{"harbour":"Looe","day":1}""");
        await CallAsync(connection.Client, "get_high_tide", """{"harbour":"Looe","day":2}""");

        Assert.Equal(2, recorder.Calls.Count);
        Assert.All(recorder.Calls, call => Assert.False(string.IsNullOrWhiteSpace(call.Id)));
        Assert.NotEqual(recorder.Calls[0].Id, recorder.Calls[1].Id);
        Assert.Equal("""{"harbour":"Looe","day":2}""", recorder.Calls[1].Arguments);
    }

    [Fact]
    public async Task Calling_a_tool_the_server_does_not_have_is_a_protocol_error_from_the_sdk()
    {
        await using var connection = await McpConnection.StartAsync(_tides.AssistantTools);

        var error = await Assert.ThrowsAsync<McpProtocolException>(() => CallAsync(connection.Client, "get_low_tide", "{}"));

        Assert.Equal(McpErrorCode.InvalidParams, error.ErrorCode);
    }
}

/// <summary>Keeps every call on its way to the tools it wraps.</summary>
internal sealed class CallRecorder(ToolSet tools) : ToolSet
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<ToolCall> _calls = new();

    public IReadOnlyList<ToolCall> Calls => _calls.ToArray();

    public override IReadOnlyList<ToolDefinition> Definitions => tools.Definitions;

    public override ValueTask<ToolResult> InvokeWithServicesAsync(ToolCall call, IServiceProvider? services, CancellationToken cancellationToken = default)
    {
        _calls.Enqueue(call);
        return tools.InvokeWithServicesAsync(call, services, cancellationToken);
    }

    protected override ValueTask<ToolResult> InvokeCoreAsync(ToolCall call, CancellationToken cancellationToken)
        => throw new NotSupportedException("Calls go through InvokeWithServicesAsync to the wrapped set.");
}
