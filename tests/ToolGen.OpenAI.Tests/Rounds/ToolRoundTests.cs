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

    [Fact]
    public async Task A_tool_set_override_that_throws_fails_only_its_own_call()
    {
        var tools = new ContractBreakingToolSet();
        ToolCall[] calls = [new("call_sync", "sync", "{}"), new("call_fine", "fine", "{}"), new("call_cancel", "cancel", "{}"), new("call_null", "null", "{}")];

        var results = await ToolRound.RunAsync(tools, calls);

        Assert.Equal(["call_sync", "call_fine", "call_cancel", "call_null"], results.Select(r => r.CallId));
        Assert.Equal(
            [ToolErrorKind.ToolFailed, null, ToolErrorKind.ToolFailed, ToolErrorKind.ToolFailed],
            results.Select(r => r.ErrorKind));
        Assert.Equal("fine", results[1].Output);
        Assert.DoesNotContain("secret", results[0].Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Caller_cancellation_still_propagates_when_the_tool_set_override_throws_something_else()
    {
        using var cancellation = new CancellationTokenSource();
        var tools = new ContractBreakingToolSet { OnCall = cancellation.Cancel };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => ToolRound.RunAsync(tools, [new ToolCall("call_sync", "sync", "{}")], cancellation.Token));
    }

    [Fact]
    public async Task A_round_of_a_thousand_calls_keeps_within_MaxConcurrency_and_the_call_order()
    {
        var tools = new CountingToolSet();
        var calls = Enumerable.Range(0, 1000).Select(i => new ToolCall($"call_{i}", "count", i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();

        var results = await ToolRound.RunAsync(tools, calls, new ToolRoundOptions { MaxConcurrency = 8 }).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(calls.Select(c => c.Id), results.Select(r => r.CallId));
        Assert.Equal(calls.Select(c => c.Arguments), results.Select(r => r.Output));
        Assert.InRange(tools.MaxRunning, 1, 8);
        Assert.Equal(1000, tools.Calls);
    }

    private sealed class CountingToolSet : ToolSet
    {
        private int _running;
        private int _maxRunning;
        private int _calls;

        public int MaxRunning => Volatile.Read(ref _maxRunning);

        public int Calls => Volatile.Read(ref _calls);

        public override IReadOnlyList<ToolDefinition> Definitions => [];

        protected override async ValueTask<ToolResult> InvokeCoreAsync(ToolCall call, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            var running = Interlocked.Increment(ref _running);
            int seen;
            while ((seen = Volatile.Read(ref _maxRunning)) < running && Interlocked.CompareExchange(ref _maxRunning, running, seen) != seen)
            {
            }

            await Task.Yield();
            Interlocked.Decrement(ref _running);
            return ToolResult.Success(call.Id, call.Arguments);
        }
    }

    /// <summary>Overrides <see cref="ToolSet.InvokeAsync"/> and breaks its promise never to throw.</summary>
    private sealed class ContractBreakingToolSet : ToolSet
    {
        public Action? OnCall { get; init; }

        public override IReadOnlyList<ToolDefinition> Definitions => [];

        public override ValueTask<ToolResult> InvokeAsync(ToolCall call, CancellationToken cancellationToken = default)
        {
            OnCall?.Invoke();
            return call.Name switch
            {
                "sync" => throw new InvalidOperationException("secret detail of the host"),
                "cancel" => throw new OperationCanceledException("its own timeout"),
                "null" => ValueTask.FromResult<ToolResult>(null!),
                _ => ValueTask.FromResult(ToolResult.Success(call.Id, "fine")),
            };
        }

        protected override ValueTask<ToolResult> InvokeCoreAsync(ToolCall call, CancellationToken cancellationToken)
            => throw new NotSupportedException();
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
