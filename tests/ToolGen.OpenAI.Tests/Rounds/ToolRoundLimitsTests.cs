using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace ToolGen.OpenAI.Tests.Rounds;

/// <summary>The limits of a round (<see cref="ToolRoundOptions"/>): call timeout, concurrency, output length. No test
/// waits for real time: timeouts run on a fake clock, and the safety <c>WaitAsync</c> only turns a hang into a
/// failure.</summary>
public sealed class ToolRoundLimitsTests
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_call_past_its_timeout_gets_a_tool_timeout_error_under_its_id_and_the_other_calls_keep_their_results()
    {
        var time = new FakeTimeProvider();
        var tools = new LimitTools();
        var logger = new RecordingLogger();
        var options = new ToolRoundOptions { CallTimeout = TimeSpan.FromSeconds(5), TimeProvider = time, Logger = logger };
        ToolCall[] calls = [new("call_a", "echo", "a"), new("call_slow", "stubborn", "{}"), new("call_c", "echo", "c")];

        var round = ToolRound.RunAsync(tools, calls, options);
        Assert.Equal("call_slow", await tools.Started.ReadAsync().AsTask().WaitAsync(Hang));

        // On a fake clock even a quick call could still be running when the time jumps: let them finish first.
        await Task.WhenAll(logger.FinishedAsync("call_a"), logger.FinishedAsync("call_c")).WaitAsync(Hang);
        time.Advance(TimeSpan.FromSeconds(4.999));
        Assert.False(round.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        var results = await round.WaitAsync(Hang);

        Assert.Equal(["call_a", "call_slow", "call_c"], results.Select(r => r.CallId));
        Assert.Equal(("a", "c"), (results[0].Output, results[2].Output));
        Assert.False(results[0].IsError || results[2].IsError);
        var timedOut = results[1];
        Assert.True(timedOut.IsError);
        Assert.Equal(ToolErrorKind.ToolTimeout, timedOut.ErrorKind);
        Assert.Equal("stubborn", timedOut.Error!.Tool);
        Assert.Equal(
            """{"error":{"kind":"tool_timeout","tool":"stubborn","message":"The tool did not finish within 5 seconds and was stopped. Try again, or use another approach."}}""",
            timedOut.Output);
        tools.Release("call_slow");
    }

    [Fact]
    public async Task A_cooperative_tool_sees_its_token_cancelled_when_its_time_is_up()
    {
        var time = new FakeTimeProvider();
        var tools = new LimitTools();
        var options = new ToolRoundOptions { CallTimeout = TimeSpan.FromMilliseconds(1500), TimeProvider = time };

        var round = ToolRound.RunAsync(tools, [new ToolCall("call_1", "cooperative", "{}")], options);
        await tools.Started.ReadAsync().AsTask().WaitAsync(Hang);
        Assert.Empty(tools.Cancelled);
        time.Advance(TimeSpan.FromMilliseconds(1500));
        var result = Assert.Single(await round.WaitAsync(Hang));
        await tools.CancellationSeenAsync("call_1").WaitAsync(Hang);

        Assert.Equal(["call_1"], tools.Cancelled);
        Assert.Equal(ToolErrorKind.ToolTimeout, result.ErrorKind);
        Assert.Contains("within 1.5 seconds", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_timeout_of_one_tick_times_out_and_says_how_long_it_was()
    {
        // On the system clock a timeout under a millisecond has fired before the tool starts.
        var options = new ToolRoundOptions { CallTimeout = TimeSpan.FromTicks(1) };

        var result = Assert.Single(await ToolRound.RunAsync(new SlowTools().AssistantTools, [new ToolCall("call_1", "wait_for_cancel", "{}")], options).WaitAsync(Hang));

        Assert.Equal(ToolErrorKind.ToolTimeout, result.ErrorKind);
        Assert.Contains("within 0.0000001 seconds", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tool_that_ignores_its_token_and_fails_late_leaves_no_unobserved_task_exception()
    {
        var unobserved = new List<Exception>();
        EventHandler<UnobservedTaskExceptionEventArgs> onUnobserved = (_, e) =>
        {
            if (e.Exception.Flatten().InnerExceptions.Any(x => x is LateToolException))
            {
                lock (unobserved)
                {
                    unobserved.Add(e.Exception);
                }
            }
        };
        TaskScheduler.UnobservedTaskException += onUnobserved;
        try
        {
            var logger = new RecordingLogger();
            var lateFailure = await TimeOutARogueCallAsync(logger);

            // The late exception was taken off the abandoned task (and logged); once the task is collected, nothing
            // is left to surface as unobserved.
            Assert.IsType<LateToolException>(lateFailure);
            for (var i = 0; i < 3; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }

            lock (unobserved)
            {
                Assert.Empty(unobserved);
            }
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= onUnobserved;
        }
    }

    [Fact]
    public async Task Caller_cancellation_propagates_as_OperationCanceledException_not_as_a_timeout()
    {
        var time = new FakeTimeProvider();
        var tools = new LimitTools();
        var options = new ToolRoundOptions { CallTimeout = TimeSpan.FromSeconds(5), TimeProvider = time };
        using var cancellation = new CancellationTokenSource();

        var round = ToolRound.RunAsync(
            tools, [new ToolCall("call_1", "stubborn", "{}"), new ToolCall("call_2", "cooperative", "{}")], options, cancellation.Token);
        await tools.Started.ReadAsync().AsTask().WaitAsync(Hang);
        await tools.Started.ReadAsync().AsTask().WaitAsync(Hang);
        cancellation.Cancel();

        // The round does not wait for the tool that ignores the token, nor for the clock.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => round.WaitAsync(Hang));
        await Task.WhenAll(tools.CancellationSeenAsync("call_1"), tools.CancellationSeenAsync("call_2")).WaitAsync(Hang);
        Assert.Equal(["call_1", "call_2"], tools.Cancelled.Order(StringComparer.Ordinal));
        tools.Release("call_1");
    }

    [Fact]
    public async Task Without_limits_caller_cancellation_does_not_wait_for_a_tool_that_ignores_its_token()
    {
        var tools = new LimitTools();
        using var cancellation = new CancellationTokenSource();

        var round = ToolRound.RunAsync(tools, [new ToolCall("call_1", "stubborn", "{}")], cancellation.Token);
        await tools.Started.ReadAsync().AsTask().WaitAsync(Hang);
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => round.WaitAsync(Hang));
        await tools.CancellationSeenAsync("call_1").WaitAsync(Hang);
        tools.Release("call_1");
    }

    [Fact]
    public async Task An_already_cancelled_caller_token_propagates_with_limits_set()
    {
        var time = new FakeTimeProvider();
        var options = new ToolRoundOptions { CallTimeout = TimeSpan.FromSeconds(1), TimeProvider = time };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => ToolRound.RunAsync(new LimitTools(), [new ToolCall("call_1", "echo", "x")], options, new CancellationToken(true)));
    }

    [Fact]
    public async Task The_timeout_of_a_call_starts_when_it_gets_a_slot_not_when_it_is_queued()
    {
        var time = new FakeTimeProvider();
        var tools = new LimitTools();
        var options = new ToolRoundOptions { CallTimeout = TimeSpan.FromSeconds(5), MaxConcurrency = 1, TimeProvider = time };

        var round = ToolRound.RunAsync(tools, [new ToolCall("call_1", "held", "one"), new ToolCall("call_2", "held", "two")], options);
        var first = await tools.Started.ReadAsync().AsTask().WaitAsync(Hang);
        time.Advance(TimeSpan.FromSeconds(4));
        tools.Release(first);
        var second = await tools.Started.ReadAsync().AsTask().WaitAsync(Hang);
        time.Advance(TimeSpan.FromSeconds(4));
        tools.Release(second);
        var results = await round.WaitAsync(Hang);

        // Eight seconds passed in all, but neither call ran for five.
        Assert.Equal(["one", "two"], results.Select(r => r.Output));
        Assert.All(results, r => Assert.False(r.IsError));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task No_more_calls_than_MaxConcurrency_run_at_once_and_results_keep_the_call_order(int maxConcurrency)
    {
        var tools = new LimitTools();
        var options = new ToolRoundOptions { MaxConcurrency = maxConcurrency };
        var calls = Enumerable.Range(1, 6).Select(i => new ToolCall($"call_{i}", "held", $"out_{i}")).ToArray();

        var round = ToolRound.RunAsync(tools, calls, options);

        // Fill every slot, then always release the call that started last, so calls finish out of call order. A round
        // that ignored the limit would have started them all before the first release.
        var running = new List<string>();
        for (var started = 0; started < calls.Length; started++)
        {
            running.Add(await tools.Started.ReadAsync().AsTask().WaitAsync(Hang));
            if (running.Count == maxConcurrency || started == calls.Length - 1)
            {
                tools.Release(running[^1]);
                running.RemoveAt(running.Count - 1);
            }
        }

        foreach (var callId in running)
        {
            tools.Release(callId);
        }

        var results = await round.WaitAsync(Hang);

        Assert.Equal(maxConcurrency, tools.MaxRunning);
        Assert.Equal(calls.Select(c => c.Id), results.Select(r => r.CallId));
        Assert.Equal(calls.Select(c => c.Arguments), results.Select(r => r.Output));
    }

    [Fact]
    public async Task A_limit_at_or_above_the_number_of_calls_runs_them_all_at_once()
    {
        var tools = new LimitTools();
        ToolCall[] calls = [new("call_1", "held", "1"), new("call_2", "held", "2")];

        var round = ToolRound.RunAsync(tools, calls, new ToolRoundOptions { MaxConcurrency = 2 });
        await tools.Started.ReadAsync().AsTask().WaitAsync(Hang);
        await tools.Started.ReadAsync().AsTask().WaitAsync(Hang);
        tools.Release("call_2");
        tools.Release("call_1");

        Assert.Equal(["1", "2"], (await round.WaitAsync(Hang)).Select(r => r.Output));
        Assert.Equal(2, tools.MaxRunning);
    }

    [Fact]
    public async Task A_timed_out_call_frees_its_slot_for_the_next_call()
    {
        var time = new FakeTimeProvider();
        var tools = new LimitTools();
        var options = new ToolRoundOptions { CallTimeout = TimeSpan.FromSeconds(2), MaxConcurrency = 1, TimeProvider = time };

        var round = ToolRound.RunAsync(tools, [new ToolCall("call_1", "stubborn", "{}"), new ToolCall("call_2", "held", "next")], options);
        Assert.Equal("call_1", await tools.Started.ReadAsync().AsTask().WaitAsync(Hang));
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal("call_2", await tools.Started.ReadAsync().AsTask().WaitAsync(Hang));
        tools.Release("call_2");
        var results = await round.WaitAsync(Hang);

        Assert.Equal([ToolErrorKind.ToolTimeout, null], results.Select(r => r.ErrorKind));
        Assert.Equal("next", results[1].Output);
        tools.Release("call_1");
    }

    [Theory]
    [InlineData("abcde", 5, "abcde")]
    [InlineData("abcdef", 5, "abcde… [output truncated: 6 characters, limit 5]")]
    [InlineData("abcdef", 1, "a… [output truncated: 6 characters, limit 1]")]
    [InlineData("", 1, "")]
    public async Task An_output_longer_than_the_limit_keeps_exactly_the_limit_and_says_it_was_cut(string output, int limit, string expected)
    {
        var results = await ToolRound.RunAsync(
            new LimitTools(), [new ToolCall("call_1", "echo", output)], new ToolRoundOptions { MaxOutputLength = limit });

        var result = Assert.Single(results);
        Assert.Equal(expected, result.Output);
        Assert.False(result.IsError);
    }

    [Theory]
    [InlineData(4, "abcd… [output truncated: 7 characters, limit 4]")]
    [InlineData(5, "abcd… [output truncated: 7 characters, limit 5]")]
    [InlineData(6, "abcd\U0001F600… [output truncated: 7 characters, limit 6]")]
    [InlineData(7, "abcd\U0001F600x")]
    public async Task A_cut_never_splits_a_surrogate_pair(int limit, string expected)
    {
        // U+1F600 is two UTF-16 characters, at indexes 4 and 5.
        var results = await ToolRound.RunAsync(
            new LimitTools(), [new ToolCall("call_1", "echo", "abcd\U0001F600x")], new ToolRoundOptions { MaxOutputLength = limit });

        var output = Assert.Single(results).Output;
        Assert.Equal(expected, output);
        Assert.DoesNotContain(output.EnumerateRunes(), r => r == Rune.ReplacementChar);
        for (var i = 0; i < output.Length; i++)
        {
            Assert.False(char.IsHighSurrogate(output[i]) && (i + 1 == output.Length || !char.IsLowSurrogate(output[i + 1])), "lone high surrogate");
        }
    }

    [Fact]
    public async Task Error_outputs_are_never_cut()
    {
        var time = new FakeTimeProvider();
        var tools = new LimitTools();
        var logger = new RecordingLogger();
        var options = new ToolRoundOptions { MaxOutputLength = 10, CallTimeout = TimeSpan.FromSeconds(1), TimeProvider = time, Logger = logger };

        var round = ToolRound.RunAsync(tools, [new ToolCall("call_1", "no_such_tool", "{}"), new ToolCall("call_2", "stubborn", "{}")], options);
        await tools.Started.ReadAsync().AsTask().WaitAsync(Hang);
        await logger.FinishedAsync("call_1").WaitAsync(Hang);
        time.Advance(TimeSpan.FromSeconds(1));
        var results = await round.WaitAsync(Hang);

        Assert.Equal([ToolErrorKind.UnknownTool, ToolErrorKind.ToolTimeout], results.Select(r => r.ErrorKind));
        Assert.All(results, r => Assert.Equal(r.Error!.ToJson(), r.Output));
        Assert.All(results, r => Assert.True(r.Output.Length > 10));
        tools.Release("call_2");
    }

    [Fact]
    public async Task Each_call_is_logged_with_its_duration_and_outcome_and_a_timeout_as_a_warning()
    {
        var time = new FakeTimeProvider();
        var tools = new LimitTools();
        var logger = new RecordingLogger();
        var options = new ToolRoundOptions
        {
            CallTimeout = TimeSpan.FromSeconds(3),
            MaxOutputLength = 2,
            TimeProvider = time,
            Logger = logger,
        };

        var round = ToolRound.RunAsync(tools, [new ToolCall("call_1", "echo", "long"), new ToolCall("call_2", "stubborn", "{}")], options);
        await tools.Started.ReadAsync().AsTask().WaitAsync(Hang);
        await logger.FinishedAsync("call_1").WaitAsync(Hang);
        time.Advance(TimeSpan.FromSeconds(3));
        await round.WaitAsync(Hang);

        var entries = logger.Entries;
        Assert.Contains(entries, e => e is { Level: LogLevel.Debug, Event: "ToolCallFinished" }
            && e.Message.StartsWith("Tool call call_1 (echo) finished in ", StringComparison.Ordinal)
            && e.Message.EndsWith(" ms: ok, output cut from 4 characters", StringComparison.Ordinal));
        Assert.Contains(entries, e => e is { Level: LogLevel.Warning, Event: "ToolCallTimedOut" }
            && e.Message.StartsWith("Tool call call_2 (stubborn) did not finish within 3 s", StringComparison.Ordinal));
        Assert.Contains(entries, e => e is { Level: LogLevel.Debug, Event: "ToolCallFinished" }
            && e.Message == "Tool call call_2 (stubborn) finished in 3000 ms: tool_timeout");
        tools.Release("call_2");
    }

    public static TheoryData<string, Func<ToolRoundOptions>> InvalidOptions => new()
    {
        { "zero timeout", () => new ToolRoundOptions { CallTimeout = TimeSpan.Zero } },
        { "negative timeout", () => new ToolRoundOptions { CallTimeout = TimeSpan.FromSeconds(-1) } },
        { "infinite timeout (null means none)", () => new ToolRoundOptions { CallTimeout = Timeout.InfiniteTimeSpan } },
        { "timeout beyond a timer's range", () => new ToolRoundOptions { CallTimeout = ToolRoundOptions.MaxCallTimeout + TimeSpan.FromMilliseconds(1) } },
        { "zero concurrency", () => new ToolRoundOptions { MaxConcurrency = 0 } },
        { "negative concurrency", () => new ToolRoundOptions { MaxConcurrency = -2 } },
        { "zero output length", () => new ToolRoundOptions { MaxOutputLength = 0 } },
        { "negative output length", () => new ToolRoundOptions { MaxOutputLength = -1 } },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Zero_or_negative_limits_are_rejected_where_the_options_are_created(string because, Func<ToolRoundOptions> create)
    {
        Assert.NotNull(because);
        Assert.Throws<ArgumentOutOfRangeException>(create);
    }

    [Fact]
    public async Task Defaults_set_no_limit_and_the_edge_values_are_accepted()
    {
        var defaults = new ToolRoundOptions();
        var edges = new ToolRoundOptions { CallTimeout = ToolRoundOptions.MaxCallTimeout, MaxConcurrency = 1, MaxOutputLength = 1 };

        Assert.Equal((null, null, null, TimeProvider.System), (defaults.CallTimeout, defaults.MaxConcurrency, defaults.MaxOutputLength, defaults.TimeProvider));
        Assert.Equal((ToolRoundOptions.MaxCallTimeout, 1, 1), (edges.CallTimeout, edges.MaxConcurrency, edges.MaxOutputLength));
        Assert.Throws<ArgumentNullException>(() => new ToolRoundOptions { TimeProvider = null! });
        await Assert.ThrowsAsync<ArgumentNullException>(() => ToolRound.RunAsync(new LimitTools(), [], null!));
    }

    /// <summary>Times out a <c>rogue</c> call, lets it fail, and returns the late exception once the round has logged
    /// it. A separate method, so no local of the test keeps the abandoned task alive.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<Exception?> TimeOutARogueCallAsync(RecordingLogger logger)
    {
        var time = new FakeTimeProvider();
        var tools = new LimitTools();
        var options = new ToolRoundOptions { CallTimeout = TimeSpan.FromSeconds(1), TimeProvider = time, Logger = logger };

        var round = ToolRound.RunAsync(tools, [new ToolCall("call_rogue", "rogue", "{}")], options);
        await tools.Started.ReadAsync().AsTask().WaitAsync(Hang);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(ToolErrorKind.ToolTimeout, Assert.Single(await round.WaitAsync(Hang)).ErrorKind);

        tools.Release("call_rogue");
        return await logger.WhenAsync(e => e.Event == "AbandonedToolCallFailed").WaitAsync(Hang);
    }
}
