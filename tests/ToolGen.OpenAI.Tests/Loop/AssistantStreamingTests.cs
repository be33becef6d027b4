using System.ClientModel;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using OpenAI.Assistants;
using ToolGen.Emulator;

namespace ToolGen.OpenAI.Tests.Loop;

/// <summary>AssistantRunner's streaming variants against the emulator's Assistants event streams, through the official
/// SDK over real HTTP.</summary>
public sealed class AssistantStreamingTests
{
    private static readonly ToolSet Tools = new WeatherTools().AssistantTools;

    [Fact]
    public async Task One_tool_call_is_answered_in_a_streaming_submission_and_the_reply_arrives_as_text_deltas()
    {
        var model = new ScriptedModel(
            ModelTurn.CallTools(new EmulatedToolCall("get_weather", """{"city":"Paris"}""")),
            ModelTurn.Reply("It is sunny in Paris today."));
        await using var assistant = await EmulatedAssistant.StartAsync(model, Tools);
        var events = new List<ToolRunEvent>();
        var runner = assistant.Runner(Tools, new ToolRunnerOptions
        {
            Streaming = true,
            OnEvent = e =>
            {
                events.Add(e);
                return ValueTask.CompletedTask;
            },
        });

        var outcome = await runner.AskAsync(assistant.AssistantId, "What is the weather in Paris?");

        Assert.Equal((ToolRunStatus.Completed, "completed"), (outcome.Status, outcome.ApiStatus));
        Assert.Equal("It is sunny in Paris today.", outcome.Reply);
        Assert.Equal(1, outcome.ToolRounds);
        var exchange = Assert.Single(outcome.ToolCalls);
        Assert.Equal(("get_weather", """{"city":"Paris"}""", "Sunny in Paris"), (exchange.Call.Name, exchange.Call.Arguments, exchange.Result.Output));
        var seen = Assert.Single(model.Requests[1].Conversation.OfType<ToolCallItem>());
        Assert.Equal((exchange.Call.Id, "Sunny in Paris"), (seen.CallId, seen.Output));

        Assert.Equal(
            [
                "status queued", "status in_progress", "status requires_action", "tool get_weather", "status queued",
                "status in_progress", "text It", "text  is", "text  sunny", "text  in", "text  Paris", "text  today.", "status completed",
            ],
            events.Select(Describe));
        Assert.All(events.OfType<ToolRunStatusChanged>(), e => Assert.Equal(outcome.Id, e.Id));

        // Both requests streamed; nothing was polled and the reply was not read back from the thread.
        Assert.Equal(
            ["POST /v1/assistants", "POST /v1/threads/runs", $"POST /v1/threads/{outcome.ThreadId}/runs/{outcome.Id}/submit_tool_outputs"],
            assistant.Recorder.Requests.Select(r => r.Method + " " + r.Path));
        Assert.All(assistant.Recorder.Requests.Skip(1), r => Assert.True(JsonDocument.Parse(r.Body).RootElement.GetProperty("stream").GetBoolean()));
    }

    [Fact]
    public async Task A_client_error_thrown_by_the_event_handler_propagates_as_it_is_not_as_a_stream_error()
    {
        var model = new ScriptedModel(ModelTurn.Reply("It is sunny."));
        await using var assistant = await EmulatedAssistant.StartAsync(model, Tools);
        var handlerError = new ClientResultException("the handler's own request failed");
        var runner = assistant.Runner(Tools, new ToolRunnerOptions
        {
            Streaming = true,
            InitialPollInterval = TimeSpan.Zero,
            OnEvent = e => e is ToolRunTextDelta ? throw handlerError : ValueTask.CompletedTask,
        });

        var thrown = await Assert.ThrowsAsync<ClientResultException>(() => runner.AskAsync(assistant.AssistantId, "Weather?"));

        Assert.Same(handlerError, thrown);
    }

    [Fact]
    public async Task Three_parallel_tool_calls_are_answered_in_one_streaming_submission_in_call_order()
    {
        var model = new ScriptedModel(
            ModelTurn.CallTools(
                new EmulatedToolCall("get_weather", """{"city":"Paris"}"""),
                new EmulatedToolCall("get_weather", """{"city":"Oslo"}"""),
                new EmulatedToolCall("get_weather", """{"city":"Lima"}""")),
            ModelTurn.Reply("Sunny everywhere."));
        await using var assistant = await EmulatedAssistant.StartAsync(model, Tools);

        var outcome = await assistant.Runner(Tools, streaming: true).AskAsync(assistant.AssistantId, "Weather in Paris, Oslo and Lima?");

        Assert.Equal((ToolRunStatus.Completed, "Sunny everywhere.", 1), (outcome.Status, outcome.Reply, outcome.ToolRounds));
        Assert.Equal([1, 1, 1], outcome.ToolCalls.Select(c => c.Round));
        var submission = Assert.Single(assistant.Recorder.Requests, r => r.Path.EndsWith("/submit_tool_outputs", StringComparison.Ordinal));
        using var body = JsonDocument.Parse(submission.Body);
        Assert.True(body.RootElement.GetProperty("stream").GetBoolean());
        var outputs = body.RootElement.GetProperty("tool_outputs").EnumerateArray()
            .Select(o => (o.GetProperty("tool_call_id").GetString(), o.GetProperty("output").GetString()))
            .ToArray();
        Assert.Equal(outcome.ToolCalls.Select(c => ((string?)c.Call.Id, (string?)c.Result.Output)), outputs);
        Assert.Equal(["Sunny in Paris", "Sunny in Oslo", "Sunny in Lima"], outputs.Select(o => o.Item2));
        Assert.Equal(3, outputs.Select(o => o.Item1).Distinct().Count());
    }

    [Fact]
    public async Task Failed_run_reports_the_last_error_from_the_thread_run_failed_event()
    {
        var model = new ScriptedModel(
            ModelTurn.CallTools(new EmulatedToolCall("get_weather", """{"city":"Paris"}""")),
            ModelTurn.Fail("rate_limit_exceeded", "You exceeded your current quota."));
        await using var assistant = await EmulatedAssistant.StartAsync(model, Tools);

        var outcome = await assistant.Runner(Tools, streaming: true).AskAsync(assistant.AssistantId, "Weather in Paris?");

        Assert.Equal((ToolRunStatus.Failed, "failed"), (outcome.Status, outcome.ApiStatus));
        Assert.Equal(new ToolRunError("rate_limit_exceeded", "You exceeded your current quota."), outcome.Error);
        Assert.Null(outcome.Reply);
        Assert.Single(outcome.ToolCalls);
        Assert.DoesNotContain(assistant.Recorder.Requests, r => r.Method == "GET");
    }

    [Fact]
    public async Task Caller_cancellation_while_the_tools_run_stops_the_loop_before_any_submission()
    {
        using var cancellation = new CancellationTokenSource();
        var model = new ScriptedModel(
            ModelTurn.CallTools(new EmulatedToolCall("get_weather", """{"city":"Paris"}""")),
            ModelTurn.Reply("never sent"));
        var cancellingTools = new WeatherTools { BeforeEachCall = cancellation.Cancel }.AssistantTools;
        await using var assistant = await EmulatedAssistant.StartAsync(model, cancellingTools);

        var outcome = await assistant.Runner(cancellingTools, streaming: true).AskAsync(assistant.AssistantId, "Weather?", cancellationToken: cancellation.Token);

        Assert.Equal((ToolRunStatus.Cancelled, "cancelled"), (outcome.Status, outcome.ApiStatus));
        Assert.DoesNotContain(assistant.Recorder.Requests, r => r.Path.EndsWith("/submit_tool_outputs", StringComparison.Ordinal));
        Assert.Single(assistant.Recorder.Requests, r => r.Path.EndsWith("/cancel", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Caller_cancellation_in_the_middle_of_a_stream_stops_reading_it()
    {
        using var cancellation = new CancellationTokenSource();
        var model = new ScriptedModel(ModelTurn.Reply("A reply of several words."));
        await using var assistant = await EmulatedAssistant.StartAsync(model, Tools);
        var deltas = new List<string>();
        var runner = assistant.Runner(Tools, new ToolRunnerOptions
        {
            Streaming = true,
            OnEvent = e =>
            {
                if (e is ToolRunTextDelta delta)
                {
                    deltas.Add(delta.Delta);
                    cancellation.Cancel();
                }

                return ValueTask.CompletedTask;
            },
        });

        var outcome = await runner.AskAsync(assistant.AssistantId, "Hello?", cancellationToken: cancellation.Token);

        Assert.Equal(ToolRunStatus.Cancelled, outcome.Status);
        Assert.Equal(["A"], deltas);
    }

    [Fact]
    public async Task Run_that_expires_while_a_tool_runs_is_reported_expired_and_nothing_is_submitted_after_expires_at()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-05T10:00:00Z"));
        var model = new ScriptedModel(
            ModelTurn.CallTools(new EmulatedToolCall("get_weather", """{"city":"Paris"}""")),
            ModelTurn.Reply("never sent"));
        var slowTools = new WeatherTools { BeforeEachCall = () => clock.Advance(TimeSpan.FromMinutes(11)) }.AssistantTools;
        await using var assistant = await EmulatedAssistant.StartAsync(model, slowTools, clock, TimeSpan.FromMinutes(10));
        var statuses = new List<string>();
        var runner = assistant.Runner(slowTools, new ToolRunnerOptions
        {
            Streaming = true,
            InitialPollInterval = TimeSpan.Zero,
            TimeProvider = clock,
            OnEvent = e =>
            {
                if (e is ToolRunStatusChanged changed)
                {
                    statuses.Add(changed.Status);
                }

                return ValueTask.CompletedTask;
            },
        });

        var outcome = await runner.AskAsync(assistant.AssistantId, "Weather in Paris?");

        Assert.Equal((ToolRunStatus.Expired, "expired"), (outcome.Status, outcome.ApiStatus));
        Assert.Equal(["queued", "in_progress", "requires_action", "expired"], statuses);
        Assert.Single(outcome.ToolCalls);
        Assert.Single(model.Requests);
        Assert.DoesNotContain(assistant.Recorder.Requests, r => r.Path.EndsWith("/submit_tool_outputs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Streamed_run_on_an_existing_thread_returns_only_that_runs_reply()
    {
        var model = new ScriptedModel(ModelTurn.Reply("First answer."), ModelTurn.Reply("Second answer."));
        await using var assistant = await EmulatedAssistant.StartAsync(model, Tools);
        ThreadInitializationMessage question = new(MessageRole.User, [MessageContent.FromText("Hi")]);
        AssistantThread thread = await assistant.Client.CreateThreadAsync(new ThreadCreationOptions { InitialMessages = { question } });
        var runner = assistant.Runner(Tools, streaming: true);

        var first = await runner.RunAsync(thread.Id, assistant.AssistantId);
        await assistant.Client.CreateMessageAsync(thread.Id, MessageRole.User, [MessageContent.FromText("And again?")]);
        var second = await runner.RunAsync(thread.Id, assistant.AssistantId);

        Assert.Equal(("First answer.", thread.Id), (first.Reply, first.ThreadId));
        Assert.Equal(("Second answer.", thread.Id), (second.Reply, second.ThreadId));
        Assert.NotEqual(first.Id, second.Id);
    }

    [Theory]
    [InlineData("reply only")]
    [InlineData("one call")]
    [InlineData("two rounds of parallel calls")]
    [InlineData("model mistakes")]
    [InlineData("failed after a call")]
    [InlineData("incomplete")]
    [InlineData("round limit")]
    public async Task Polling_and_streaming_give_the_same_outcome_and_events_for_the_same_model(string script)
    {
        var polled = await DriveAsync(script, streaming: false);
        var streamed = await DriveAsync(script, streaming: true);

        Assert.Equal(polled.Summary, streamed.Summary);
        Assert.Equal(polled.Events, streamed.Events.Where(e => !e.StartsWith("text ", StringComparison.Ordinal)));
        if (streamed.Summary.Status == ToolRunStatus.Completed)
        {
            Assert.Equal(streamed.Summary.Reply, string.Concat(streamed.Events.Where(e => e.StartsWith("text ", StringComparison.Ordinal)).Select(e => e["text ".Length..])));
        }
    }

    private static ModelTurn[] Script(string name) => name switch
    {
        "reply only" => [ModelTurn.Reply("Hello there.")],
        "one call" => [ModelTurn.CallTools(new EmulatedToolCall("get_weather", """{"city":"Paris"}""")), ModelTurn.Reply("Sunny in Paris.")],
        "two rounds of parallel calls" =>
        [
            ModelTurn.CallTools(new EmulatedToolCall("get_weather", """{"city":"Paris"}"""), new EmulatedToolCall("get_weather", """{"city":"Oslo"}""")),
            ModelTurn.CallTools(new EmulatedToolCall("get_weather", """{"city":"Lima"}"""), new EmulatedToolCall("explode", "{}")),
            ModelTurn.Reply("Sunny in Paris, Oslo and Lima;\nthe other tool broke."),
        ],
        "model mistakes" =>
        [
            ModelTurn.CallTools(
                new EmulatedToolCall("get_weather", "{}"),
                new EmulatedToolCall("get_weather", """{"city":42}"""),
                new EmulatedToolCall("get_wether", """{"city":"Paris"}""")),
            ModelTurn.Reply("Sorry."),
        ],
        "failed after a call" =>
        [
            ModelTurn.CallTools(new EmulatedToolCall("get_weather", """{"city":"Paris"}""")),
            ModelTurn.Fail("server_error", "Something went wrong."),
        ],
        "incomplete" => [ModelTurn.Incomplete("max_completion_tokens")],
        "round limit" =>
        [
            ModelTurn.CallTools(new EmulatedToolCall("get_weather", """{"city":"Paris"}""")),
            ModelTurn.CallTools(new EmulatedToolCall("get_weather", """{"city":"Oslo"}""")),
            ModelTurn.Reply("never sent"),
        ],
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    private static async Task<(OutcomeSummary Summary, List<string> Events)> DriveAsync(string script, bool streaming)
    {
        var model = new ScriptedModel(Script(script));
        await using var assistant = await EmulatedAssistant.StartAsync(model, Tools);
        var events = new List<string>();
        var runner = assistant.Runner(Tools, new ToolRunnerOptions
        {
            Streaming = streaming,
            InitialPollInterval = TimeSpan.Zero,
            MaxToolRounds = 1 + (script == "two rounds of parallel calls" ? 1 : 0),
            OnEvent = e =>
            {
                events.Add(e switch
                {
                    ToolRunStatusChanged s => "status " + s.Status,
                    ToolCallCompleted t => $"tool {t.Round} {t.Call.Name} {t.Call.Arguments} -> {t.Result.Output}",
                    ToolRunTextDelta d => "text " + d.Delta,
                    _ => e.ToString(),
                });
                return ValueTask.CompletedTask;
            },
        });

        var outcome = await runner.AskAsync(assistant.AssistantId, "Weather?");
        var summary = new OutcomeSummary(
            outcome.Status,
            outcome.ApiStatus,
            outcome.Reply,
            outcome.Error,
            outcome.IncompleteReason,
            outcome.ToolRounds,
            string.Join(" | ", outcome.ToolCalls.Select(c => $"{c.Round} {c.Call.Name} {c.Call.Arguments} -> {c.Result.Output} {c.Result.IsError}")));
        return (summary, events);
    }

    private static string Describe(ToolRunEvent e) => e switch
    {
        ToolRunStatusChanged s => "status " + s.Status,
        ToolCallCompleted t => "tool " + t.Call.Name,
        ToolRunTextDelta d => "text " + d.Delta,
        _ => e.ToString(),
    };

    private sealed record OutcomeSummary(
        ToolRunStatus Status,
        string RunStatus,
        string? Reply,
        ToolRunError? LastError,
        string? IncompleteReason,
        int ToolRounds,
        string ToolCalls);
}
