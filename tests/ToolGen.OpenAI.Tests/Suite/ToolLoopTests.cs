using System.Text;
using ToolGen.Emulator;
using EmulatorTurn = ToolGen.Emulator.ModelTurn;

namespace ToolGen.OpenAI.Tests.Suite;

/// <summary>The rules of the one tool loop, checked the same way through every API against the emulator.</summary>
public sealed class ToolLoopTests
{
    public static TheoryData<Api> Apis => new() { Api.Assistants, Api.Responses, Api.Chat };

    public static TheoryData<Api, bool> ApisAndStreaming => new()
    {
        { Api.Assistants, false }, { Api.Assistants, true },
        { Api.Responses, false }, { Api.Responses, true },
        { Api.Chat, false }, { Api.Chat, true },
    };

    private static ToolRunnerOptions Options(
        bool streaming = false,
        Action<ToolRunEvent>? onEvent = null,
        int maxToolRounds = 16,
        int? maxSubmissionBytes = ToolRunnerOptions.DefaultMaxSubmissionBytes,
        Func<ToolCall, CancellationToken, ValueTask<ToolResult?>>? beforeToolCall = null) => new()
    {
        InitialPollInterval = TimeSpan.Zero,
        Streaming = streaming,
        MaxToolRounds = maxToolRounds,
        MaxSubmissionBytes = maxSubmissionBytes,
        BeforeToolCall = beforeToolCall,
        OnEvent = e =>
        {
            onEvent?.Invoke(e);
            return ValueTask.CompletedTask;
        },
    };

    /// <summary>An emulator playing <paramref name="turns"/> behind the API's runner, with tools that count their runs.</summary>
    private static async Task<(ScriptedModel Model, CountingToolSet Tools, ApiHarness Harness)> StartAsync(Api api, params EmulatorTurn[] turns)
    {
        var model = new ScriptedModel(turns);
        var tools = new CountingToolSet(LoopTools.AssistantTools);
        return (model, tools, await ApiHarness.StartAsync(api, model, tools));
    }

    private static EmulatedToolCall Weather(string city) => new("get_weather", $$"""{"city":"{{city}}"}""");

    private static EmulatedToolCall Typo() => new("get_wether", """{"city":"Paris"}""");

    [Theory]
    [MemberData(nameof(ApisAndStreaming))]
    public async Task Every_api_answers_a_round_of_parallel_calls_and_reports_one_outcome_shape(Api api, bool streaming)
    {
        var (model, tools, harness) = await StartAsync(api, ModelTurn.CallTools(Weather("Paris"), Weather("Oslo")), ModelTurn.Reply("Sunny in both."));
        await using var _ = harness;
        var events = new List<ToolRunEvent>();

        var outcome = await harness.AskAsync(tools, Options(streaming, events.Add));

        Assert.Equal((ToolRunStatus.Completed, ApiHarness.CompletedStatus(api), "Sunny in both.", 1), (outcome.Status, outcome.ApiStatus, outcome.Reply, outcome.ToolRounds));
        Assert.Equal([(1, "Sunny in Paris"), (1, "Sunny in Oslo")], outcome.ToolCalls.Select(c => (c.Round, c.Result.Output)));
        Assert.Equal(outcome.ToolCalls.Select(c => c.Call.Id).Order(StringComparer.Ordinal), tools.Ran.Order(StringComparer.Ordinal));
        Assert.True(outcome.Usage.TotalTokens > 0);
        Assert.NotNull(outcome.RawRepresentation);
        var seen = model.Requests[1].Conversation.OfType<ToolCallItem>().Select(i => (i.CallId, i.Output));
        Assert.Equal(outcome.ToolCalls.Select(c => (c.Call.Id, c.Result.Output)), seen);

        var last = Assert.IsType<ToolRunStatusChanged>(events.Last(e => e is ToolRunStatusChanged));
        Assert.Equal((2, outcome.Id, ApiHarness.CompletedStatus(api)), (last.Round, last.Id, last.Status));
        Assert.Equal(outcome.ToolCalls.Select(c => (c.Round, c.Call, c.Result)), events.OfType<ToolCallCompleted>().Select(c => (c.Round, c.Call, c.Result)));
        var text = string.Concat(events.OfType<ToolRunTextDelta>().Select(d => d.Delta));
        Assert.Equal(streaming ? "Sunny in both." : "", text);
    }

    [Theory]
    [MemberData(nameof(Apis))]
    public async Task The_round_limit_stops_every_api_without_running_the_calls_asked_for_after_it(Api api)
    {
        var (model, tools, harness) = await StartAsync(api, ModelTurn.CallTools(Weather("Paris")), ModelTurn.CallTools(Weather("Oslo")), ModelTurn.CallTools(Weather("Lima")), ModelTurn.Reply("never"));
        await using var _ = harness;

        var outcome = await harness.AskAsync(tools, Options(maxToolRounds: 2));

        Assert.Equal((ToolRunStatus.ToolRoundLimit, 2), (outcome.Status, outcome.ToolRounds));
        Assert.Equal(2, tools.Ran.Count);
        Assert.Equal(3, model.Requests.Count);
        AssertRunCancelledOnlyForAssistants(api, harness, outcome);
    }

    [Theory]
    [MemberData(nameof(Apis))]
    public async Task Rounds_in_which_every_call_fails_stop_the_loop_at_the_error_cap(Api api)
    {
        var (model, tools, harness) = await StartAsync(api, ModelTurn.CallTools(Typo(), Typo()), ModelTurn.CallTools(Typo()), ModelTurn.CallTools(Typo()), ModelTurn.CallTools(Typo()), ModelTurn.Reply("never"));
        await using var _ = harness;

        var outcome = await harness.AskAsync(tools, Options());

        Assert.Equal((ToolRunStatus.ToolErrorLimit, 3), (outcome.Status, outcome.ToolRounds));
        Assert.Equal(4, outcome.ToolCalls.Count);
        Assert.All(outcome.ToolCalls, c => Assert.Equal(ToolErrorKind.UnknownTool, c.Result.ErrorKind));
        Assert.Equal(4, model.Requests.Count);
        AssertRunCancelledOnlyForAssistants(api, harness, outcome);
    }

    [Theory]
    [MemberData(nameof(Apis))]
    public async Task A_round_with_one_success_resets_the_count_of_failed_rounds(Api api)
    {
        var (model, tools, harness) = await StartAsync(api, ModelTurn.CallTools(Typo()), ModelTurn.CallTools(Typo()), ModelTurn.CallTools(Typo(), Weather("Paris")),
            ModelTurn.CallTools(Typo()), ModelTurn.CallTools(Typo()), ModelTurn.Reply("Sunny in Paris."));
        await using var _ = harness;

        var outcome = await harness.AskAsync(tools, Options());

        Assert.Equal((ToolRunStatus.Completed, 5, "Sunny in Paris."), (outcome.Status, outcome.ToolRounds, outcome.Reply));
    }

    [Theory]
    [MemberData(nameof(Apis))]
    public async Task Outputs_over_the_submission_budget_are_cut_with_a_marker_and_the_round_fits_the_budget(Api api)
    {
        var (model, tools, harness) = await StartAsync(api, ModelTurn.CallTools(new EmulatedToolCall("read_book", """{"chars":3000}"""), new EmulatedToolCall("read_book", """{"chars":500}"""), Typo()),
            ModelTurn.Reply("Read."));
        await using var _ = harness;

        var outcome = await harness.AskAsync(tools, Options(maxSubmissionBytes: 2048));

        var outputs = outcome.ToolCalls.Select(c => c.Result.Output).ToArray();
        Assert.EndsWith("… [output truncated: 3000 characters; round budget 2048 bytes]", outputs[0], StringComparison.Ordinal);
        Assert.StartsWith("xxxx", outputs[0], StringComparison.Ordinal);
        Assert.Equal(new string('x', 500), outputs[1]);
        Assert.StartsWith("""{"error":{"kind":"unknown_tool""", outputs[2], StringComparison.Ordinal);
        Assert.InRange(outputs.Sum(o => Encoding.UTF8.GetByteCount(o)), 2000, 2048);
        Assert.Equal(outputs, model.Requests[1].Conversation.OfType<ToolCallItem>().Select(i => i.Output));
    }

    [Theory]
    [MemberData(nameof(Apis))]
    public async Task BeforeToolCall_answers_a_call_from_the_callers_record_without_running_the_tool(Api api)
    {
        var (model, tools, harness) = await StartAsync(api, ModelTurn.CallTools(Weather("Paris"), Weather("Oslo")), ModelTurn.Reply("Done."));
        await using var _ = harness;
        var asked = new List<string>();
        var options = Options(beforeToolCall: (call, _) =>
        {
            asked.Add(call.Id);
            return ValueTask.FromResult(call.Arguments.Contains("Paris", StringComparison.Ordinal)
                ? ToolResult.Success("ignored", "Rainy in Paris (from the record)")
                : null);
        });

        var outcome = await harness.AskAsync(tools, options);

        var (paris, oslo) = (outcome.ToolCalls[0], outcome.ToolCalls[1]);
        Assert.Equal(outcome.ToolCalls.Select(c => c.Call.Id), asked);
        Assert.Equal([oslo.Call.Id], tools.Ran);
        Assert.Equal((paris.Call.Id, "Rainy in Paris (from the record)"), (paris.Result.CallId, paris.Result.Output));
        Assert.Equal(
            ["Rainy in Paris (from the record)", "Sunny in Oslo"],
            model.Requests[1].Conversation.OfType<ToolCallItem>().Select(i => i.Output));
    }

    [Theory]
    [MemberData(nameof(Apis))]
    public async Task Caller_cancellation_during_a_round_returns_a_cancelled_outcome_sends_no_outputs_and_cancels_a_run(Api api)
    {
        using var cancellation = new CancellationTokenSource();
        var (model, tools, harness) = await StartAsync(api, ModelTurn.CallTools(Weather("Paris")), ModelTurn.Reply("never"));
        await using var _ = harness;
        var options = Options(beforeToolCall: (_, _) =>
        {
            cancellation.Cancel();
            return ValueTask.FromResult<ToolResult?>(null);
        });

        var outcome = await harness.AskAsync(tools, options, cancellationToken: cancellation.Token);

        Assert.Equal((ToolRunStatus.Cancelled, 0), (outcome.Status, outcome.ToolRounds));
        Assert.Empty(outcome.ToolCalls);
        Assert.Null(outcome.Reply);
        Assert.Single(model.Requests);
        Assert.DoesNotContain(harness.Recorder.Requests, r => r.Path.EndsWith("/submit_tool_outputs", StringComparison.Ordinal));
        AssertRunCancelledOnlyForAssistants(api, harness, outcome);
    }

    private static void AssertRunCancelledOnlyForAssistants(Api api, ApiHarness harness, ToolRunOutcome outcome)
    {
        var cancels = harness.Recorder.Requests.Count(r => r.Path.EndsWith("/cancel", StringComparison.Ordinal));
        Assert.Equal(api == Api.Assistants ? 1 : 0, cancels);
        if (api == Api.Assistants)
        {
            Assert.Equal("cancelled", outcome.ApiStatus);
        }
    }
}
