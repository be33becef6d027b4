using System.ClientModel;
using Microsoft.Extensions.Time.Testing;
using OpenAI.Assistants;

namespace ToolGen.Emulator.Tests;

public sealed class RunLifecycleTests
{
    private const string DayParameters = """{"type":"object","properties":{"day_of_week":{"type":"string"}},"required":["day_of_week"]}""";

    [Fact]
    public async Task A_run_with_tool_choice_required_tells_the_model_a_call_is_required()
    {
        var model = new ScriptedModel(ModelTurn.Reply("a"), ModelTurn.Reply("b"));
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = model });
        var client = Emulated.Client(emulator);
        Assistant assistant = await client.CreateAssistantAsync("gpt-4o", new AssistantCreationOptions
        {
            Tools = { Emulated.Tool("get_favorite_food", DayParameters) },
        });

        await Emulated.PollAsync(client, await client.CreateThreadAndRunAsync(assistant.Id,
            new ThreadCreationOptions { InitialMessages = { "Hi" } }, new RunCreationOptions { ToolConstraint = ToolConstraint.Required }));
        await Emulated.PollAsync(client, await client.CreateThreadAndRunAsync(assistant.Id, new ThreadCreationOptions { InitialMessages = { "Hi" } }));

        Assert.Equal([true, false], model.Requests.Select(r => r.ToolCallRequired));
    }

    [Fact]
    public async Task A_run_whose_tool_choice_names_a_function_shows_the_model_only_that_function()
    {
        var model = new ScriptedModel(ModelTurn.Reply("a"));
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = model });
        var client = Emulated.Client(emulator);
        var food = Emulated.Tool("get_favorite_food", DayParameters);
        Assistant assistant = await client.CreateAssistantAsync("gpt-4o", new AssistantCreationOptions
        {
            Tools = { Emulated.Tool("get_weather", DayParameters), food },
        });

        await Emulated.PollAsync(client, await client.CreateThreadAndRunAsync(assistant.Id,
            new ThreadCreationOptions { InitialMessages = { "Hi" } }, new RunCreationOptions { ToolConstraint = new ToolConstraint(food) }));

        var request = Assert.Single(model.Requests);
        Assert.Equal(["get_favorite_food"], request.Tools.Select(t => t.Name));
        Assert.True(request.ToolCallRequired);
    }

    [Fact]
    public async Task A_run_goes_through_requires_action_to_completed_with_the_reply_in_the_thread()
    {
        var model = new ScriptedModel(
            ModelTurn.CallTools(new EmulatedToolCall("get_favorite_food", """{"day_of_week":"Thursday"}""")),
            ModelTurn.Reply("On Thursday, eat tacos."));
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = model });
        var client = Emulated.Client(emulator);

        Assistant assistant = await client.CreateAssistantAsync("gpt-4o", new AssistantCreationOptions
        {
            Instructions = "Answer food questions.",
            Tools = { Emulated.Tool("get_favorite_food", DayParameters) },
        });
        ThreadRun run = await client.CreateThreadAndRunAsync(assistant.Id, new ThreadCreationOptions
        {
            InitialMessages = { "What should I eat on Thursday?" },
        });
        Assert.Equal(RunStatus.Queued, run.Status);
        Assert.StartsWith("run_", run.Id, StringComparison.Ordinal);
        Assert.StartsWith("thread_", run.ThreadId, StringComparison.Ordinal);

        run = await client.GetRunAsync(run.ThreadId, run.Id);
        Assert.Equal(RunStatus.InProgress, run.Status);
        run = await client.GetRunAsync(run.ThreadId, run.Id);
        Assert.Equal(RunStatus.RequiresAction, run.Status);
        var action = Assert.Single(run.RequiredActions);
        Assert.Equal("get_favorite_food", action.FunctionName);
        Assert.Equal("""{"day_of_week":"Thursday"}""", action.FunctionArguments);
        Assert.Matches("^call_[A-Za-z0-9]{24}$", action.ToolCallId);

        run = await client.SubmitToolOutputsToRunAsync(run.ThreadId, run.Id, [new ToolOutput(action.ToolCallId, "tacos")]);
        Assert.Equal(RunStatus.Queued, run.Status);
        run = await Emulated.PollAsync(client, run);
        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.NotNull(run.CompletedAt);

        var messages = await Emulated.MessagesAsync(client, run.ThreadId);
        Assert.Equal(["user", "assistant"], messages.Select(m => m.Role.ToString().ToLowerInvariant()));
        Assert.Equal("On Thursday, eat tacos.", messages[1].Content[0].Text);
        Assert.Equal(run.Id, messages[1].RunId);

        // The model saw the instructions, the tool, the question and then the submitted output.
        var second = model.Requests[1];
        Assert.Equal("Answer food questions.", second.Instructions);
        Assert.Equal("get_favorite_food", Assert.Single(second.Tools).Name);
        Assert.Equal(
            [new UserMessageItem("What should I eat on Thursday?"), new ToolCallItem(action.ToolCallId, "get_favorite_food", """{"day_of_week":"Thursday"}""", "tacos")],
            second.Conversation);
    }
}

public sealed class ParallelAndTerminalRunTests
{
    private static async Task<(OpenAIEmulator Emulator, AssistantClient Client, Assistant Assistant)> StartAsync(EmulatorOptions options)
    {
        var emulator = await OpenAIEmulator.StartAsync(options);
        var client = Emulated.Client(emulator);
        Assistant assistant = await client.CreateAssistantAsync("gpt-4o", new AssistantCreationOptions
        {
            Tools =
            {
                Emulated.Tool("get_weather", """{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"""),
            },
        });
        return (emulator, client, assistant);
    }

    private static Task<ClientResult<ThreadRun>> AskAsync(AssistantClient client, Assistant assistant, string question) =>
        client.CreateThreadAndRunAsync(assistant.Id, new ThreadCreationOptions { InitialMessages = { question } });

    [Fact]
    public async Task Three_parallel_tool_calls_arrive_in_one_requires_action_and_are_answered_in_one_submission()
    {
        var model = new ScriptedModel(
            ModelTurn.CallTools(
                new EmulatedToolCall("get_weather", """{"city":"Oslo"}"""),
                new EmulatedToolCall("get_weather", """{"city":"Lima"}"""),
                new EmulatedToolCall("get_weather", """{"city":"Pune"}""")),
            ModelTurn.Reply("Cold, mild, hot."));
        var (emulator, client, assistant) = await StartAsync(new EmulatorOptions { Model = model });
        await using var _ = emulator;

        var run = await Emulated.PollAsync(client, await AskAsync(client, assistant, "Weather in Oslo, Lima and Pune?"));
        Assert.Equal(RunStatus.RequiresAction, run.Status);
        Assert.Equal(["""{"city":"Oslo"}""", """{"city":"Lima"}""", """{"city":"Pune"}"""], run.RequiredActions.Select(a => a.FunctionArguments));
        Assert.Equal(3, run.RequiredActions.Select(a => a.ToolCallId).Distinct().Count());

        var outputs = run.RequiredActions.Select((a, i) => new ToolOutput(a.ToolCallId, $"{i * 10} C")).Reverse().ToList();
        run = await Emulated.PollAsync(client, await client.SubmitToolOutputsToRunAsync(run.ThreadId, run.Id, outputs));

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(["0 C", "10 C", "20 C"], model.Requests[1].Conversation.OfType<ToolCallItem>().Select(c => c.Output));
    }

    [Fact]
    public async Task Without_parallel_tool_calls_only_the_first_call_is_asked_for()
    {
        var model = new ScriptedModel(ModelTurn.CallTools(
            new EmulatedToolCall("get_weather", """{"city":"Oslo"}"""),
            new EmulatedToolCall("get_weather", """{"city":"Lima"}""")));
        var (emulator, client, assistant) = await StartAsync(new EmulatorOptions { Model = model });
        await using var _ = emulator;

        ThreadRun run = await client.CreateThreadAndRunAsync(assistant.Id,
            new ThreadCreationOptions { InitialMessages = { "Weather?" } },
            new RunCreationOptions { AllowParallelToolCalls = false });
        run = await Emulated.PollAsync(client, run);

        Assert.Equal("""{"city":"Oslo"}""", Assert.Single(run.RequiredActions).FunctionArguments);
    }

    [Fact]
    public async Task A_failing_turn_fails_the_run_with_its_last_error()
    {
        var model = new ScriptedModel(ModelTurn.Fail("rate_limit_exceeded", "Slow down."));
        var (emulator, client, assistant) = await StartAsync(new EmulatorOptions { Model = model });
        await using var _ = emulator;

        var run = await Emulated.PollAsync(client, await AskAsync(client, assistant, "Hi"));

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Equal("rate_limit_exceeded", run.LastError.Code.ToString());
        Assert.Equal("Slow down.", run.LastError.Message);
        Assert.NotNull(run.FailedAt);
    }

    [Fact]
    public async Task A_scripted_model_that_runs_out_of_turns_fails_the_run_saying_so()
    {
        var model = new ScriptedModel(ModelTurn.CallTools(new EmulatedToolCall("get_weather", """{"city":"Oslo"}""")));
        var (emulator, client, assistant) = await StartAsync(new EmulatorOptions { Model = model });
        await using var _ = emulator;

        var run = await Emulated.PollAsync(client, await AskAsync(client, assistant, "Weather?"));
        run = await Emulated.PollAsync(client, await client.SubmitToolOutputsToRunAsync(
            run.ThreadId, run.Id, [new ToolOutput(run.RequiredActions[0].ToolCallId, "cold")]));

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Equal("server_error", run.LastError.Code.ToString());
        Assert.Contains("no turn left", run.LastError.Message, StringComparison.Ordinal);
        Assert.Equal(0, model.RemainingTurns);
    }

    [Fact]
    public async Task A_model_that_throws_fails_the_run_with_a_server_error()
    {
        var (emulator, client, assistant) = await StartAsync(new EmulatorOptions { Model = new ThrowingModel() });
        await using var _ = emulator;

        var run = await Emulated.PollAsync(client, await AskAsync(client, assistant, "Hi"));

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Equal("server_error", run.LastError.Code.ToString());
        Assert.Contains("model broke", run.LastError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_incomplete_turn_ends_the_run_incomplete_with_its_reason()
    {
        var (emulator, client, assistant) = await StartAsync(new EmulatorOptions { Model = new ScriptedModel(ModelTurn.Incomplete("max_completion_tokens")) });
        await using var _ = emulator;

        var run = await Emulated.PollAsync(client, await AskAsync(client, assistant, "Hi"));

        Assert.Equal(RunStatus.Incomplete, run.Status);
        Assert.Equal("max_completion_tokens", run.IncompleteDetails.Reason.ToString());
    }

    [Theory]
    [InlineData(1, null, "max_completion_tokens")]
    [InlineData(null, 1, "max_prompt_tokens")]
    public async Task A_run_that_goes_over_its_token_limits_ends_incomplete(int? maxCompletion, int? maxPrompt, string reason)
    {
        var (emulator, client, assistant) = await StartAsync(new EmulatorOptions { Model = new ScriptedModel(ModelTurn.Reply("A reply of several tokens.")) });
        await using var _ = emulator;

        ThreadRun run = await client.CreateThreadAndRunAsync(assistant.Id,
            new ThreadCreationOptions { InitialMessages = { "Hi" } },
            new RunCreationOptions { MaxOutputTokenCount = maxCompletion, MaxInputTokenCount = maxPrompt });
        run = await Emulated.PollAsync(client, run);

        Assert.Equal(RunStatus.Incomplete, run.Status);
        Assert.Equal(reason, run.IncompleteDetails.Reason.ToString());
        Assert.Single(await Emulated.MessagesAsync(client, run.ThreadId));
    }

    [Fact]
    public async Task A_run_past_expires_at_on_the_injected_clock_is_expired_and_refuses_tool_outputs()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 8, 1, 12, 0, 0, TimeSpan.Zero));
        var model = new ScriptedModel(ModelTurn.CallTools(new EmulatedToolCall("get_weather", """{"city":"Oslo"}""")));
        var (emulator, client, assistant) = await StartAsync(new EmulatorOptions
        {
            Model = model,
            TimeProvider = clock,
            RunExpiresAfter = TimeSpan.FromMinutes(10),
        });
        await using var _ = emulator;

        var run = await Emulated.PollAsync(client, await AskAsync(client, assistant, "Weather?"));
        Assert.Equal(RunStatus.RequiresAction, run.Status);
        Assert.Equal(clock.GetUtcNow().AddMinutes(10), run.ExpiresAt);
        var callId = run.RequiredActions[0].ToolCallId;

        clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(RunStatus.RequiresAction, (await client.GetRunAsync(run.ThreadId, run.Id)).Value.Status);

        clock.Advance(TimeSpan.FromMinutes(1));
        var refused = await Assert.ThrowsAsync<ClientResultException>(() =>
            client.SubmitToolOutputsToRunAsync(run.ThreadId, run.Id, [new ToolOutput(callId, "cold")]));
        Assert.Equal(400, refused.Status);
        Assert.Contains("expired", refused.Message, StringComparison.Ordinal);

        run = await client.GetRunAsync(run.ThreadId, run.Id);
        Assert.Equal(RunStatus.Expired, run.Status);
        Assert.Empty(run.RequiredActions);
    }

    [Fact]
    public async Task A_run_past_expires_at_that_nobody_polled_no_longer_blocks_new_messages_or_runs()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 8, 1, 12, 0, 0, TimeSpan.Zero));
        var (emulator, client, assistant) = await StartAsync(new EmulatorOptions
        {
            Model = new ScriptedModel(ModelTurn.CallTools(new EmulatedToolCall("get_weather", """{"city":"Oslo"}""")), ModelTurn.Reply("Hello again.")),
            TimeProvider = clock,
        });
        await using var _ = emulator;
        var run = await Emulated.PollAsync(client, await AskAsync(client, assistant, "Weather?"));
        Assert.Equal(RunStatus.RequiresAction, run.Status);

        clock.Advance(TimeSpan.FromMinutes(10));
        await client.CreateMessageAsync(run.ThreadId, MessageRole.User, ["Are you there?"]);
        var next = await Emulated.PollAsync(client, await client.CreateRunAsync(run.ThreadId, assistant.Id));

        Assert.Equal(RunStatus.Expired, (await client.GetRunAsync(run.ThreadId, run.Id)).Value.Status);
        Assert.Equal(RunStatus.Completed, next.Status);
    }

    [Fact]
    public async Task A_cancelled_run_that_nobody_polled_since_does_not_block_the_next_message_or_run()
    {
        var (emulator, client, assistant) = await StartAsync(new EmulatorOptions
        {
            Model = new ScriptedModel(ModelTurn.CallTools(new EmulatedToolCall("get_weather", """{"city":"Oslo"}""")), ModelTurn.Reply("Hello again.")),
        });
        await using var _ = emulator;
        var run = await Emulated.PollAsync(client, await AskAsync(client, assistant, "Weather?"));
        Assert.Equal(RunStatus.Cancelling, (await client.CancelRunAsync(run.ThreadId, run.Id)).Value.Status);

        await client.CreateMessageAsync(run.ThreadId, MessageRole.User, ["Never mind. Hello?"]);
        var next = await Emulated.PollAsync(client, await client.CreateRunAsync(run.ThreadId, assistant.Id));

        Assert.Equal(RunStatus.Cancelled, (await client.GetRunAsync(run.ThreadId, run.Id)).Value.Status);
        Assert.Equal(RunStatus.Completed, next.Status);
    }

    [Fact]
    public async Task A_sub_second_expiry_rounds_up_to_a_whole_second_instead_of_expiring_the_run_at_once()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 8, 1, 12, 0, 0, TimeSpan.Zero));
        var (emulator, client, assistant) = await StartAsync(new EmulatorOptions
        {
            Model = new ScriptedModel(ModelTurn.CallTools(new EmulatedToolCall("get_weather", """{"city":"Oslo"}"""))),
            TimeProvider = clock,
            RunExpiresAfter = TimeSpan.FromMilliseconds(500),
        });
        await using var _ = emulator;

        var run = await Emulated.PollAsync(client, await AskAsync(client, assistant, "Weather?"));
        Assert.Equal(RunStatus.RequiresAction, run.Status);
        Assert.Equal(clock.GetUtcNow().AddSeconds(1), run.ExpiresAt);

        clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(RunStatus.RequiresAction, (await client.GetRunAsync(run.ThreadId, run.Id)).Value.Status);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(RunStatus.Expired, (await client.GetRunAsync(run.ThreadId, run.Id)).Value.Status);
    }

    [Fact]
    public async Task Cancelling_a_run_moves_it_through_cancelling_to_cancelled_and_a_second_cancel_is_refused()
    {
        var model = new ScriptedModel(ModelTurn.CallTools(new EmulatedToolCall("get_weather", """{"city":"Oslo"}""")));
        var (emulator, client, assistant) = await StartAsync(new EmulatorOptions { Model = model });
        await using var _ = emulator;

        var run = await Emulated.PollAsync(client, await AskAsync(client, assistant, "Weather?"));
        Assert.Equal(RunStatus.RequiresAction, run.Status);

        run = await client.CancelRunAsync(run.ThreadId, run.Id);
        Assert.Equal(RunStatus.Cancelling, run.Status);
        run = await client.GetRunAsync(run.ThreadId, run.Id);
        Assert.Equal(RunStatus.Cancelled, run.Status);
        Assert.NotNull(run.CancelledAt);

        var refused = await Assert.ThrowsAsync<ClientResultException>(() => client.CancelRunAsync(run.ThreadId, run.Id));
        Assert.Equal(400, refused.Status);
    }

    [Fact]
    public async Task A_second_run_on_the_thread_sees_the_earlier_reply_and_the_new_message()
    {
        var model = new ScriptedModel(ModelTurn.Reply("First answer."), ModelTurn.Reply("Second answer."));
        var (emulator, client, assistant) = await StartAsync(new EmulatorOptions { Model = model });
        await using var _ = emulator;

        var first = await Emulated.PollAsync(client, await AskAsync(client, assistant, "One?"));
        await client.CreateMessageAsync(first.ThreadId, MessageRole.User, ["Two?"]);
        ThreadRun second = await client.CreateRunAsync(first.ThreadId, assistant.Id, new RunCreationOptions { AdditionalInstructions = "Be brief." });
        second = await Emulated.PollAsync(client, second);

        Assert.Equal(RunStatus.Completed, second.Status);
        Assert.Equal(
            [new UserMessageItem("One?"), new AssistantMessageItem("First answer."), new UserMessageItem("Two?")],
            model.Requests[1].Conversation);
        Assert.Equal("Be brief.", model.Requests[1].Instructions);
        var runs = new List<ThreadRun>();
        await foreach (var r in client.GetRunsAsync(first.ThreadId))
        {
            runs.Add(r);
        }

        Assert.Equal([second.Id, first.Id], runs.Select(r => r.Id));
    }

    [Fact]
    public async Task Messages_cannot_be_added_and_runs_cannot_start_while_a_run_is_active()
    {
        var model = new ScriptedModel(ModelTurn.CallTools(new EmulatedToolCall("get_weather", """{"city":"Oslo"}""")));
        var (emulator, client, assistant) = await StartAsync(new EmulatorOptions { Model = model });
        await using var _ = emulator;

        ThreadRun run = await AskAsync(client, assistant, "Weather?");

        var message = await Assert.ThrowsAsync<ClientResultException>(() => client.CreateMessageAsync(run.ThreadId, MessageRole.User, ["More"]));
        Assert.Equal(400, message.Status);
        Assert.Contains("while a run", message.Message, StringComparison.Ordinal);
        var second = await Assert.ThrowsAsync<ClientResultException>(() => client.CreateRunAsync(run.ThreadId, assistant.Id));
        Assert.Equal(400, second.Status);
        Assert.Contains("already has an active run", second.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_poll_that_arrives_while_the_model_is_thinking_sees_in_progress_and_the_model_is_asked_once()
    {
        var model = new GatedModel();
        var (emulator, client, assistant) = await StartAsync(new EmulatorOptions { Model = model });
        await using var _ = emulator;
        ThreadRun run = await AskAsync(client, assistant, "Hi");
        run = await client.GetRunAsync(run.ThreadId, run.Id);
        Assert.Equal(RunStatus.InProgress, run.Status);

        var consulting = client.GetRunAsync(run.ThreadId, run.Id);
        await model.Entered.Task;
        ThreadRun meanwhile = await client.GetRunAsync(run.ThreadId, run.Id);
        model.Release.SetResult(ModelTurn.Reply("done"));
        ThreadRun finished = await consulting;

        Assert.Equal(RunStatus.InProgress, meanwhile.Status);
        Assert.Equal(RunStatus.Completed, finished.Status);
        Assert.Equal(1, model.Calls);
    }

    [Fact]
    public async Task Tools_given_when_creating_the_run_replace_the_assistant_tools_for_that_run()
    {
        var model = new ScriptedModel(ModelTurn.Reply("ok"));
        var (emulator, client, assistant) = await StartAsync(new EmulatorOptions { Model = model });
        await using var _ = emulator;

        ThreadRun run = await client.CreateThreadAndRunAsync(assistant.Id,
            new ThreadCreationOptions { InitialMessages = { "Hi" } },
            new RunCreationOptions { ToolsOverride = { Emulated.Tool("other_tool", """{"type":"object","properties":{}}""", "Does other things.") } });
        await Emulated.PollAsync(client, run);

        Assert.Equal(new EmulatedTool("other_tool", "Does other things.", """{"type":"object","properties":{}}"""), Assert.Single(model.Requests[0].Tools));
        Assert.Equal("other_tool", Assert.IsType<FunctionToolDefinition>(Assert.Single(run.Tools)).FunctionName);
    }

    private sealed class GatedModel : IEmulatedModel
    {
        private int _calls;

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<ModelTurn> Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Calls => Volatile.Read(ref _calls);

        public async ValueTask<ModelTurn> NextTurnAsync(ModelRequest request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            Entered.TrySetResult();
            return await Release.Task.WaitAsync(cancellationToken);
        }
    }

    private sealed class ThrowingModel : IEmulatedModel
    {
        public ValueTask<ModelTurn> NextTurnAsync(ModelRequest request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("model broke");
    }
}
