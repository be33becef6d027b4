namespace ToolGen.OpenAI.Tests.Rounds;

public sealed class ToolRoundTests
{
    [Fact]
    public async Task Calls_of_a_round_run_concurrently_and_results_keep_the_call_order()
    {
        // Each call waits until all three have started: run one after another, the round would never finish.
        var tools = new GatedToolSet(expectedConcurrentCalls: 3);
        ToolCall[] calls = [new("call_a", "echo", "a"), new("call_b", "echo", "b"), new("call_c", "echo", "c")];

        var results = await ToolRound.RunAsync(tools, calls).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(["call_a", "call_b", "call_c"], results.Select(r => r.CallId));
        Assert.Equal(["a", "b", "c"], results.Select(r => r.Output));
        Assert.Equal(3, tools.Started);
    }

    [Fact]
    public async Task Model_mistakes_and_tool_exceptions_become_error_results_not_exceptions()
    {
        var tools = new ThrowingToolSet();
        ToolCall[] calls = [new("call_1", "boom", "{}"), new("call_2", "nope", "{}")];

        var results = await ToolRound.RunAsync(tools, calls);

        Assert.Equal([ToolErrorKind.ToolFailed, ToolErrorKind.UnknownTool], results.Select(r => r.ErrorKind));
        Assert.All(results, r => Assert.True(r.IsError));
    }

    [Fact]
    public async Task Result_is_filed_under_the_call_id_even_when_the_tool_set_answers_under_another()
    {
        var tools = new WrongIdToolSet();

        var results = await ToolRound.RunAsync(tools, [new ToolCall("call_right", "any", "{}")]);

        Assert.Equal("call_right", Assert.Single(results).CallId);
    }

    [Fact]
    public async Task Caller_cancellation_propagates()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => ToolRound.RunAsync(new WrongIdToolSet(), [new ToolCall("call_1", "any", "{}")], cancellation.Token));
    }

    private sealed class GatedToolSet(int expectedConcurrentCalls) : ToolSet
    {
        private readonly TaskCompletionSource _allStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _started;

        public int Started => Volatile.Read(ref _started);

        public override IReadOnlyList<ToolDefinition> Definitions => [];

        protected override async ValueTask<ToolResult> InvokeCoreAsync(ToolCall call, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _started) == expectedConcurrentCalls)
            {
                _allStarted.SetResult();
            }

            await _allStarted.Task;
            return ToolResult.Success(call.Id, call.Arguments);
        }
    }

    private sealed class ThrowingToolSet : ToolSet
    {
        public override IReadOnlyList<ToolDefinition> Definitions => [];

        protected override ValueTask<ToolResult> InvokeCoreAsync(ToolCall call, CancellationToken cancellationToken)
            => call.Name == "boom" ? throw new InvalidOperationException("boom") : ValueTask.FromResult(UnknownTool(call));
    }

    private sealed class WrongIdToolSet : ToolSet
    {
        public override IReadOnlyList<ToolDefinition> Definitions => [];

        protected override ValueTask<ToolResult> InvokeCoreAsync(ToolCall call, CancellationToken cancellationToken)
            => ValueTask.FromResult(ToolResult.Success("call_wrong", "ok"));
    }
}
