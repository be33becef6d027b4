namespace ToolGen.Tests;

public class ToolSetTests
{
    private sealed class EchoTools(Func<ToolCall, ToolResult> handler, params string[] names) : ToolSet
    {
        private readonly ToolDefinition[] _definitions = names
            .Select(n => new ToolDefinition(n, null, """{"type":"object","properties":{},"required":[],"additionalProperties":false}"""u8.ToArray(), true))
            .ToArray();

        public override IReadOnlyList<ToolDefinition> Definitions => _definitions;

        protected override ValueTask<ToolResult> InvokeCoreAsync(ToolCall call, CancellationToken cancellationToken)
            => _definitions.Any(d => d.Name == call.Name) ? ValueTask.FromResult(handler(call)) : ValueTask.FromResult(UnknownTool(call));
    }

    [Fact]
    public async Task Unknown_tool_is_an_error_result_listing_the_tools()
    {
        var set = new EchoTools(c => ToolResult.Success(c.Id, "x"), "a", "b");
        var result = await set.InvokeAsync(new ToolCall("call_1", "zzz", "{}"));
        Assert.True(result.IsError);
        Assert.Equal(ToolErrorKind.UnknownTool, result.ErrorKind);
        Assert.Equal("call_1", result.CallId);
        Assert.Equal("""{"error":{"kind":"unknown_tool","tool":"zzz","message":"There is no tool with this name. Available tools: a, b."}}""", result.Output);
    }

    [Fact]
    public async Task Exception_from_a_tool_becomes_tool_failed_without_its_message()
    {
        var set = new EchoTools(_ => throw new InvalidOperationException("secret path /etc/x"), "a");
        var result = await set.InvokeAsync(new ToolCall("call_1", "a", "{}"));
        Assert.Equal(ToolErrorKind.ToolFailed, result.ErrorKind);
        Assert.DoesNotContain("secret", result.Output);

        var verbose = await set.WithExceptionMessages().InvokeAsync(new ToolCall("call_2", "a", "{}"));
        Assert.Equal(ToolErrorKind.ToolFailed, verbose.ErrorKind);
        Assert.Contains("secret path /etc/x", verbose.Output);
    }

    [Fact]
    public async Task Cancellation_of_the_callers_token_propagates_other_cancellations_do_not()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var set = new EchoTools(_ => throw new OperationCanceledException(), "a");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => set.InvokeAsync(new ToolCall("c", "a", "{}"), cts.Token).AsTask());
        var result = await set.InvokeAsync(new ToolCall("c", "a", "{}"), CancellationToken.None);
        Assert.Equal(ToolErrorKind.ToolFailed, result.ErrorKind);
    }

    [Fact]
    public async Task Combine_routes_by_name_and_rejects_duplicate_names()
    {
        var combined = ToolSet.Combine(
            new EchoTools(c => ToolResult.Success(c.Id, "first"), "a"),
            new EchoTools(c => ToolResult.Success(c.Id, "second"), "b"));
        Assert.Equal(["a", "b"], combined.Definitions.Select(d => d.Name));
        Assert.Equal("second", (await combined.InvokeAsync(new ToolCall("c", "b", ""))).Output);
        Assert.Equal(ToolErrorKind.UnknownTool, (await combined.InvokeAsync(new ToolCall("c", "q", ""))).ErrorKind);
        Assert.Throws<ArgumentException>(() => ToolSet.Combine(new EchoTools(c => ToolResult.Success(c.Id, ""), "a"), new EchoTools(c => ToolResult.Success(c.Id, ""), "a")));
    }
}
