using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using OpenAI.Assistants;
using ToolGen.Emulator;
using ToolGen.OpenAI.Tests.Suite;

namespace ToolGen.OpenAI.Tests.Loop;

/// <summary>The Assistants requires_action loop against the emulator, through the official SDK over real HTTP.</summary>
public sealed class AssistantLoopTests
{
    private static readonly ToolSet Tools = new WeatherTools().AssistantTools;

    [Fact]
    public async Task One_tool_call_is_answered_and_the_reply_of_the_run_is_returned()
    {
        var model = new ScriptedModel(
            ModelTurn.CallTools(new EmulatedToolCall("get_weather", """{"city":"Paris"}""")),
            ModelTurn.Reply("It is sunny in Paris."));
        await using var assistant = await EmulatedAssistant.StartAsync(model, Tools);
        var events = new List<ToolRunEvent>();
        var runner = assistant.Runner(Tools, new ToolRunnerOptions
        {
            InitialPollInterval = TimeSpan.Zero,
            OnEvent = e =>
            {
                events.Add(e);
                return ValueTask.CompletedTask;
            },
        });

        var outcome = await runner.AskAsync(assistant.AssistantId, "What is the weather in Paris?");

        Assert.Equal(ToolRunStatus.Completed, outcome.Status);
        Assert.Equal("completed", outcome.ApiStatus);
        Assert.Equal("It is sunny in Paris.", outcome.Reply);
        Assert.Equal(1, outcome.ToolRounds);
        var exchange = Assert.Single(outcome.ToolCalls);
        Assert.Equal(("get_weather", """{"city":"Paris"}""", "Sunny in Paris", false), (exchange.Call.Name, exchange.Call.Arguments, exchange.Result.Output, exchange.Result.IsError));

        // The model saw exactly the output the tool produced, under the call's id.
        var seen = Assert.Single(model.Requests[1].Conversation.OfType<ToolCallItem>());
        Assert.Equal((exchange.Call.Id, "Sunny in Paris"), (seen.CallId, seen.Output));

        Assert.Equal(
            ["status queued", "status in_progress", "status requires_action", "tool get_weather", "status queued", "status in_progress", "status completed"],
            events.Select(e => e switch
            {
                ToolRunStatusChanged s => "status " + s.Status,
                ToolCallCompleted t => "tool " + t.Call.Name,
                _ => e.ToString(),
            }));
        Assert.All(events.OfType<ToolRunStatusChanged>(), e => Assert.Equal(outcome.Id, e.Id));
    }

    [Fact]
    public async Task Three_parallel_tool_calls_are_answered_in_one_submission_in_call_order()
    {
        var model = new ScriptedModel(
            ModelTurn.CallTools(
                new EmulatedToolCall("get_weather", """{"city":"Paris"}"""),
                new EmulatedToolCall("get_weather", """{"city":"Oslo"}"""),
                new EmulatedToolCall("get_weather", """{"city":"Lima"}""")),
            ModelTurn.Reply("Sunny everywhere."));
        await using var assistant = await EmulatedAssistant.StartAsync(model, Tools);

        var outcome = await assistant.Runner(Tools).AskAsync(assistant.AssistantId, "Weather in Paris, Oslo and Lima?");

        Assert.Equal(ToolRunStatus.Completed, outcome.Status);
        Assert.Equal(1, outcome.ToolRounds);
        Assert.Equal([1, 1, 1], outcome.ToolCalls.Select(c => c.Round));

        var submission = Assert.Single(assistant.Recorder.Requests, r => r.Path.EndsWith("/submit_tool_outputs", StringComparison.Ordinal));
        using var body = JsonDocument.Parse(submission.Body);
        var outputs = body.RootElement.GetProperty("tool_outputs").EnumerateArray()
            .Select(o => (o.GetProperty("tool_call_id").GetString(), o.GetProperty("output").GetString()))
            .ToArray();
        Assert.Equal(outcome.ToolCalls.Select(c => ((string?)c.Call.Id, (string?)$"Sunny in {JsonDocument.Parse(c.Call.Arguments).RootElement.GetProperty("city").GetString()}")), outputs);
        Assert.Equal(["Sunny in Paris", "Sunny in Oslo", "Sunny in Lima"], outputs.Select(o => o.Item2));
    }

    [Fact]
    public async Task Failed_run_reports_the_last_error_code_and_message()
    {
        var model = new ScriptedModel(
            ModelTurn.CallTools(new EmulatedToolCall("get_weather", """{"city":"Paris"}""")),
            ModelTurn.Fail("rate_limit_exceeded", "You exceeded your current quota."));
        await using var assistant = await EmulatedAssistant.StartAsync(model, Tools);

        var outcome = await assistant.Runner(Tools).AskAsync(assistant.AssistantId, "Weather in Paris?");

        Assert.Equal(ToolRunStatus.Failed, outcome.Status);
        Assert.Equal("failed", outcome.ApiStatus);
        Assert.Equal(new ToolRunError("rate_limit_exceeded", "You exceeded your current quota."), outcome.Error);
        Assert.Null(outcome.Reply);
        Assert.Single(outcome.ToolCalls);
    }

    [Fact]
    public async Task Incomplete_run_reports_its_reason()
    {
        var model = new ScriptedModel(ModelTurn.Incomplete("max_completion_tokens"));
        await using var assistant = await EmulatedAssistant.StartAsync(model, Tools);

        var outcome = await assistant.Runner(Tools).AskAsync(assistant.AssistantId, "Weather in Paris?");

        Assert.Equal(ToolRunStatus.Incomplete, outcome.Status);
        Assert.Equal("max_completion_tokens", outcome.IncompleteReason);
        Assert.Null(outcome.Reply);
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

        Assert.Equal(ToolRunStatus.Expired, outcome.Status);
        Assert.Equal("expired", outcome.ApiStatus);
        Assert.Equal("expired", statuses[^1]);
        Assert.Single(outcome.ToolCalls);
        Assert.Single(model.Requests);

        // The service refuses outputs after expires_at: the runner read the run instead of sending them.
        Assert.DoesNotContain(assistant.Recorder.Requests, r => r.Path.EndsWith("/submit_tool_outputs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Polling_waits_go_through_the_injected_clock_so_a_run_can_expire_between_polls()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-05T10:00:00Z"));
        var model = new ScriptedModel(ModelTurn.Reply("never sent"));
        await using var assistant = await EmulatedAssistant.StartAsync(model, Tools, clock, TimeSpan.FromSeconds(30));
        var polling = new AdvancingTimeProvider(clock);
        var runner = assistant.Runner(Tools, new ToolRunnerOptions
        {
            InitialPollInterval = TimeSpan.FromMinutes(1),
            MaxPollInterval = TimeSpan.FromMinutes(1),
            TimeProvider = polling,
        });

        var outcome = await runner.AskAsync(assistant.AssistantId, "Hello?");

        Assert.Equal(ToolRunStatus.Expired, outcome.Status);
        Assert.Equal([TimeSpan.FromMinutes(1)], polling.Waits);
        Assert.Empty(model.Requests);
    }

    [Fact]
    public async Task Model_mistakes_become_error_outputs_and_the_run_still_completes()
    {
        var model = new ScriptedModel(
            ModelTurn.CallTools(
                new EmulatedToolCall("get_weather", "{}"),
                new EmulatedToolCall("get_weather", """{"city":42}"""),
                new EmulatedToolCall("get_weather", """{"city":"""),
                new EmulatedToolCall("get_wether", """{"city":"Paris"}"""),
                new EmulatedToolCall("explode", "{}")),
            ModelTurn.Reply("Sorry, I could not find out."));
        await using var assistant = await EmulatedAssistant.StartAsync(model, Tools);

        var outcome = await assistant.Runner(Tools).AskAsync(assistant.AssistantId, "Weather in Paris?");

        Assert.Equal(ToolRunStatus.Completed, outcome.Status);
        Assert.Equal("Sorry, I could not find out.", outcome.Reply);
        Assert.Equal(1, outcome.ToolRounds);
        Assert.Equal(
            [ToolErrorKind.MissingRequired, ToolErrorKind.WrongType, ToolErrorKind.InvalidJson, ToolErrorKind.UnknownTool, ToolErrorKind.ToolFailed],
            outcome.ToolCalls.Select(c => c.Result.ErrorKind));
        var seen = model.Requests[1].Conversation.OfType<ToolCallItem>().Select(i => JsonDocument.Parse(i.Output).RootElement.GetProperty("error").GetProperty("kind").GetString());
        Assert.Equal(["missing_required", "wrong_type", "invalid_json", "unknown_tool", "tool_failed"], seen);
    }

    [Fact]
    public async Task Run_on_an_existing_thread_returns_only_that_runs_reply()
    {
        var model = new ScriptedModel(ModelTurn.Reply("First answer."), ModelTurn.Reply("Second answer."));
        await using var assistant = await EmulatedAssistant.StartAsync(model, Tools);
        ThreadInitializationMessage question = new(MessageRole.User, [MessageContent.FromText("Hi")]);
        AssistantThread thread = await assistant.Client.CreateThreadAsync(new ThreadCreationOptions { InitialMessages = { question } });
        var runner = assistant.Runner(Tools);

        var first = await runner.RunAsync(thread.Id, assistant.AssistantId);
        await assistant.Client.CreateMessageAsync(thread.Id, MessageRole.User, [MessageContent.FromText("And again?")]);
        var second = await runner.RunAsync(thread.Id, assistant.AssistantId);

        Assert.Equal(("First answer.", thread.Id), (first.Reply, first.ThreadId));
        Assert.Equal(("Second answer.", thread.Id), (second.Reply, second.ThreadId));
        Assert.NotEqual(first.Id, second.Id);
        Assert.Empty(second.ToolCalls);
    }

    [Fact]
    public async Task Taking_over_a_run_waiting_in_requires_action_answers_known_calls_from_the_callers_record_without_running_them()
    {
        var model = new ScriptedModel(
            ModelTurn.CallTools(new EmulatedToolCall("get_weather", """{"city":"Paris"}"""), new EmulatedToolCall("get_weather", """{"city":"Oslo"}""")),
            ModelTurn.Reply("Done."));
        var tools = new CountingToolSet(LoopTools.AssistantTools);
        await using var assistant = await EmulatedAssistant.StartAsync(model, tools);
        ThreadRun run = await assistant.Client.CreateThreadAndRunAsync(assistant.AssistantId, new ThreadCreationOptions { InitialMessages = { "Weather?" } });
        while (run.Status != RunStatus.RequiresAction)
        {
            run = await assistant.Client.GetRunAsync(run.ThreadId, run.Id);
        }

        // Another process ran the first call before it crashed, and kept its output.
        var known = new Dictionary<string, string> { [run.RequiredActions[0].ToolCallId] = "Sunny in Paris (kept from before)" };
        var runner = assistant.Runner(tools, new ToolRunnerOptions
        {
            InitialPollInterval = TimeSpan.Zero,
            BeforeToolCall = (call, _) => ValueTask.FromResult(known.TryGetValue(call.Id, out var output) ? ToolResult.Success(call.Id, output) : null),
        });

        var outcome = await runner.DriveAsync(run);

        Assert.Equal((ToolRunStatus.Completed, "Done.", 1), (outcome.Status, outcome.Reply, outcome.ToolRounds));
        Assert.Equal([run.RequiredActions[1].ToolCallId], tools.Ran);
        Assert.Equal(
            ["Sunny in Paris (kept from before)", "Sunny in Oslo"],
            model.Requests[1].Conversation.OfType<ToolCallItem>().Select(i => i.Output));
    }

    /// <summary>Fires timers at once after moving a shared fake clock by their due time, so the runner's waits move
    /// the emulator's clock without any real waiting.</summary>
    private sealed class AdvancingTimeProvider(FakeTimeProvider clock) : TimeProvider
    {
        private readonly List<TimeSpan> _waits = [];

        public IReadOnlyList<TimeSpan> Waits
        {
            get
            {
                lock (_waits)
                {
                    return _waits.ToArray();
                }
            }
        }

        public override DateTimeOffset GetUtcNow() => clock.GetUtcNow();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            lock (_waits)
            {
                _waits.Add(dueTime);
            }

            clock.Advance(dueTime);
            return System.CreateTimer(callback, state, TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
    }
}
