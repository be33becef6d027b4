using System.Text.Json;
using System.Text.Json.Nodes;
using OpenAI.Chat;
using static ToolGen.OpenAI.Tests.Loop.ChatScript;

namespace ToolGen.OpenAI.Tests.Loop;

/// <summary>ChatRunner's loop over scripted completions served on 127.0.0.1, through the official SDK.</summary>
public sealed class ChatRunnerTests
{
    [Fact]
    public async Task Round_limit_stops_without_running_the_calls_asked_for_after_the_last_allowed_round()
    {
        var (server, client) = await StartAsync(
            Calls(("call_1", "get_weather", """{"city":"Paris"}""")),
            Calls(("call_2", "get_weather", """{"city":"Oslo"}""")),
            Calls(("call_3", "get_weather", """{"city":"Lima"}""")));
        await using var _ = server;
        var ran = 0;
        var tools = new WeatherTools { BeforeEachCall = () => Interlocked.Increment(ref ran) }.AssistantTools;

        var outcome = await new ChatRunner(client, tools, new ToolRunnerOptions { MaxToolRounds = 2 })
            .AskAsync("Weather in Paris, then Oslo, then Lima?");

        Assert.Equal(ToolRunStatus.ToolRoundLimit, outcome.Status);
        Assert.False(outcome.IsCompleted);
        Assert.Equal(ChatFinishReason.ToolCalls, ((ChatCompletion)outcome.RawRepresentation!).FinishReason);
        Assert.Equal(2, outcome.ToolRounds);
        Assert.Equal(2, ran);
        Assert.Equal(["call_1", "call_2"], outcome.ToolCalls.Select(c => c.Call.Id));
        Assert.Equal("call_3", Assert.Single(((ChatCompletion)outcome.RawRepresentation!).ToolCalls).Id);
        Assert.Equal(3, Sent(server).Length);

        // The conversation stays valid to send again: it ends with the last answered round.
        Assert.Equal(5, outcome.Messages!.Count);
        Assert.Equal("call_2", Assert.IsType<ToolChatMessage>(outcome.Messages![^1]).ToolCallId);
    }

    [Fact]
    public async Task A_round_limit_of_zero_runs_no_tool()
    {
        var (server, client) = await StartAsync(Calls(("call_1", "get_weather", """{"city":"Paris"}""")));
        await using var _ = server;
        var ran = 0;
        var tools = new WeatherTools { BeforeEachCall = () => ran++ }.AssistantTools;

        var outcome = await new ChatRunner(client, tools, new ToolRunnerOptions { MaxToolRounds = 0 }).AskAsync("Weather?");

        Assert.Equal(ToolRunStatus.ToolRoundLimit, outcome.Status);
        Assert.Equal((0, 0, 1), (ran, outcome.ToolRounds, outcome.Messages!.Count));
    }

    [Fact]
    public async Task Parallel_calls_run_concurrently_and_their_outputs_are_sent_in_call_order()
    {
        var (server, client) = await StartAsync(
            Calls(("call_a", "step", """{"name":"first"}"""), ("call_b", "step", """{"name":"middle"}"""), ("call_c", "step", """{"name":"last"}""")),
            Reply("All done."));
        await using var _ = server;
        var gated = new ChatGatedTools();

        var outcome = await new ChatRunner(client, gated.AssistantTools).AskAsync("Run the steps.");

        Assert.Equal(ToolRunStatus.Completed, outcome.Status);
        // "first" can only finish after "last": the calls ran alongside each other, and finished out of call order.
        Assert.True(gated.Finished.IndexOf("first") > gated.Finished.IndexOf("last"), string.Join(", ", gated.Finished));
        Assert.Equal(
            [("call_a", "done first"), ("call_b", "done middle"), ("call_c", "done last")],
            ToolMessages(Sent(server)[1]));
        Assert.Equal([1, 1, 1], outcome.ToolCalls.Select(c => c.Round));

        // One assistant message carrying all three calls, then the three tool messages.
        var assistant = Sent(server)[1]["messages"]![1]!;
        Assert.Equal(["call_a", "call_b", "call_c"], assistant["tool_calls"]!.AsArray().Select(c => (string?)c!["id"]));
    }

    [Fact]
    public async Task Model_mistakes_are_sent_back_as_error_outputs_and_the_conversation_goes_on()
    {
        var (server, client) = await StartAsync(
            Calls(
                ("call_1", "get_weather", "{}"),
                ("call_2", "get_weather", "{\"city\":"),
                ("call_3", "launch_rockets", "{}"),
                ("call_4", "explode", "{}")),
            Calls(("call_5", "get_weather", """{"city":"Paris"}""")),
            Reply("Sunny in Paris."));
        await using var _ = server;

        var outcome = await new ChatRunner(client, new WeatherTools().AssistantTools).AskAsync("Weather?");

        Assert.Equal(ToolRunStatus.Completed, outcome.Status);
        Assert.Equal("Sunny in Paris.", outcome.Reply);
        Assert.Equal(2, outcome.ToolRounds);
        var sentOutputs = ToolMessages(Sent(server)[1]);
        Assert.Equal(["call_1", "call_2", "call_3", "call_4"], sentOutputs.Select(o => o.Id));
        Assert.Equal(
            ["missing_required", "invalid_json", "unknown_tool", "tool_failed"],
            sentOutputs.Select(o => JsonNode.Parse(o.Content!)!["error"]!["kind"]!.GetValue<string>()));
        Assert.All(outcome.ToolCalls.Take(4), c => Assert.True(c.Result.IsError));
        Assert.Equal(sentOutputs.Select(o => o.Content), outcome.ToolCalls.Take(4).Select(c => (string?)c.Result.Output));
        Assert.Equal(("call_5", "Sunny in Paris"), ToolMessages(Sent(server)[2])[4]);
    }

    [Fact]
    public async Task An_already_cancelled_token_sends_nothing()
    {
        var (server, client) = await StartAsync(Reply("Hi."));
        await using var _ = server;

        var outcome = await new ChatRunner(client, new WeatherTools().AssistantTools).AskAsync("Hi", cancellationToken: new CancellationToken(true));

        Assert.Equal((ToolRunStatus.Cancelled, "", null), (outcome.Status, outcome.ApiStatus, outcome.RawRepresentation));
        Assert.Empty(Sent(server));
    }

    [Fact]
    public async Task Events_report_each_completion_and_each_tool_call_in_order()
    {
        var (server, client) = await StartAsync(
            Calls(("call_1", "get_weather", """{"city":"Paris"}"""), ("call_2", "get_weather", """{"city":"Oslo"}""")),
            Reply("Sunny in both."));
        await using var _ = server;
        var events = new List<string>();
        var runner = new ChatRunner(client, new WeatherTools().AssistantTools, new ToolRunnerOptions
        {
            OnEvent = e =>
            {
                events.Add(e switch
                {
                    ToolRunStatusChanged c => $"{c.Round} completion {c.Status}",
                    ToolCallCompleted t => $"{t.Round} tool {t.Call.Id} -> {t.Result.Output}",
                    _ => e.ToString(),
                });
                return ValueTask.CompletedTask;
            },
        });

        var outcome = await runner.AskAsync("Weather in Paris and Oslo?");

        Assert.Equal(
            ["1 completion tool_calls", "1 tool call_1 -> Sunny in Paris", "1 tool call_2 -> Sunny in Oslo", "2 completion stop"],
            events);
        Assert.Equal(new TokenUsage(20, 10, 30), outcome.Usage);
    }

    [Fact]
    public async Task A_forced_tool_choice_is_dropped_after_the_first_round_unless_kept()
    {
        foreach (var reset in new[] { true, false })
        {
            var (server, client) = await StartAsync(Calls(("call_1", "get_weather", """{"city":"Paris"}""")), Reply("Sunny."));
            await using var _ = server;
            var options = new ChatCompletionOptions { ToolChoice = ChatToolChoice.CreateRequiredChoice() };

            await new ChatRunner(client, new WeatherTools().AssistantTools, new ToolRunnerOptions { ResetToolChoice = reset })
                .AskAsync("Weather?", options);

            var sent = Sent(server);
            Assert.Equal("required", (string?)sent[0]["tool_choice"]);
            Assert.Equal(reset ? null : "required", (string?)sent[1]["tool_choice"]);
        }
    }

    [Fact]
    public async Task The_callers_options_and_messages_are_left_unchanged_and_caller_tools_are_sent_as_given()
    {
        var (server, client) = await StartAsync(Reply("Hi."), Reply("Hi again."));
        await using var _ = server;
        var runner = new ChatRunner(client, new WeatherTools().AssistantTools);
        var options = new ChatCompletionOptions { Temperature = 0.25f };
        List<ChatMessage> messages = [new SystemChatMessage("Be brief."), new UserChatMessage("Hi")];

        await runner.RunAsync(messages, options);
        Assert.Empty(options.Tools);
        Assert.Equal(2, messages.Count);

        var only = new WeatherTools().AssistantTools.Definitions.Single(d => d.Name == "get_weather").ToChatTool();
        options.Tools.Add(only);
        await runner.RunAsync(messages, options);

        var sent = Sent(server);
        Assert.Equal(["explode", "get_weather"], sent[0]["tools"]!.AsArray().Select(t => (string?)t!["function"]!["name"]));
        Assert.Equal(["get_weather"], sent[1]["tools"]!.AsArray().Select(t => (string?)t!["function"]!["name"]));
        Assert.Equal(0.25, sent[1]["temperature"]!.GetValue<double>(), 3);
        Assert.Equal("Be brief.", (string?)sent[1]["messages"]![0]!["content"]);
    }

    [Fact]
    public async Task Tool_calls_reported_with_finish_reason_stop_are_answered()
    {
        var (server, client) = await StartAsync(Calls("stop", ("call_1", "get_weather", """{"city":"Paris"}""")), Reply("Sunny."));
        await using var _ = server;

        var outcome = await new ChatRunner(client, new WeatherTools().AssistantTools).AskAsync("Weather?");

        Assert.Equal((ToolRunStatus.Completed, 1, "Sunny."), (outcome.Status, outcome.ToolRounds, outcome.Reply));
        Assert.Equal([("call_1", "Sunny in Paris")], ToolMessages(Sent(server)[1]));
    }

    [Fact]
    public async Task A_completion_cut_off_at_the_token_limit_ends_the_conversation_without_running_its_calls()
    {
        var (server, client) = await StartAsync(Reply("The weather in", finishReason: "length"));
        await using var _ = server;

        var outcome = await new ChatRunner(client, new WeatherTools().AssistantTools).AskAsync("Weather?");

        Assert.Equal((ToolRunStatus.Incomplete, ChatFinishReason.Length, "The weather in"), (outcome.Status, ((ChatCompletion)outcome.RawRepresentation!).FinishReason, outcome.Reply));
        Assert.Equal(2, outcome.Messages!.Count);
    }

    [Fact]
    public async Task Calls_cut_off_at_the_token_limit_are_left_out_of_the_conversation_so_it_stays_valid_to_send()
    {
        var cutCall = new JsonArray(new JsonObject
        {
            ["id"] = "call_cut",
            ["type"] = "function",
            ["function"] = new JsonObject { ["name"] = "get_weather", ["arguments"] = """{"city":"Par""" },
        });
        var (server, client) = await StartAsync(
            ChatScript.Completion("length", "Let me check.", cutCall),
            ChatScript.Completion("length", null, cutCall.DeepClone().AsArray()));
        await using var _ = server;
        var runner = new ChatRunner(client, new WeatherTools().AssistantTools);

        var withText = await runner.AskAsync("Weather?");
        var withoutText = await runner.AskAsync("Weather?");

        Assert.Equal((ToolRunStatus.Incomplete, 0, "Let me check."), (withText.Status, withText.ToolRounds, withText.Reply));
        Assert.Equal("call_cut", Assert.Single(((ChatCompletion)withText.RawRepresentation!).ToolCalls).Id);

        // The API rejects an assistant message with tool calls that no tool message answers.
        var last = Assert.IsType<AssistantChatMessage>(withText.Messages![^1]);
        Assert.Equal(2, withText.Messages!.Count);
        Assert.Empty(last.ToolCalls);
        Assert.Equal("Let me check.", Assert.Single(last.Content).Text);
        Assert.IsType<UserChatMessage>(Assert.Single(withoutText.Messages!));
    }

    [Fact]
    public async Task Calls_sent_without_an_id_get_one_that_pairs_the_call_with_its_output()
    {
        var idless = new JsonArray(
            new JsonObject { ["type"] = "function", ["function"] = new JsonObject { ["name"] = "get_weather", ["arguments"] = """{"city":"Paris"}""" } },
            new JsonObject { ["id"] = "", ["type"] = "function", ["function"] = new JsonObject { ["name"] = "get_weather", ["arguments"] = """{"city":"Oslo"}""" } },
            new JsonObject { ["id"] = "call_x", ["type"] = "function", ["function"] = new JsonObject { ["name"] = "get_weather", ["arguments"] = """{"city":"Lima"}""" } });
        var (server, client) = await StartAsync(ChatScript.Completion("tool_calls", null, idless), Reply("Sunny."));
        await using var _ = server;

        var outcome = await new ChatRunner(client, new WeatherTools().AssistantTools).AskAsync("Weather?");

        string[] ids = ["toolgen_call_1_0", "toolgen_call_1_1", "call_x"];
        Assert.Equal(ids, outcome.ToolCalls.Select(c => c.Call.Id));
        var sent = Sent(server)[1];
        Assert.Equal(ids, sent["messages"]![1]!["tool_calls"]!.AsArray().Select(c => (string?)c!["id"]));
        Assert.Equal(ids, ToolMessages(sent).Select(m => m.Id));
        Assert.Equal("""{"city":"Oslo"}""", (string?)sent["messages"]![1]!["tool_calls"]![1]!["function"]!["arguments"]);
    }

    [Fact]
    public async Task A_filtered_completion_without_content_ends_the_conversation_with_no_reply()
    {
        var (server, client) = await StartAsync(ChatScript.Completion("content_filter", null, null));
        await using var _ = server;

        var outcome = await new ChatRunner(client, new WeatherTools().AssistantTools).AskAsync("Weather?");

        Assert.Equal((ToolRunStatus.Incomplete, ChatFinishReason.ContentFilter), (outcome.Status, ((ChatCompletion)outcome.RawRepresentation!).FinishReason));
        Assert.Null(outcome.Reply);
        Assert.False(outcome.IsCompleted);

        // An empty assistant message would make the conversation invalid to send again.
        Assert.IsType<UserChatMessage>(Assert.Single(outcome.Messages!));
    }

    [Fact]
    public async Task Finish_reason_tool_calls_without_calls_is_reported_as_a_server_error()
    {
        var (server, client) = await StartAsync(Reply("", finishReason: "tool_calls"));
        await using var _ = server;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => new ChatRunner(client, new WeatherTools().AssistantTools).AskAsync("Weather?"));

        Assert.Contains("tool_calls", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_arguments_are_rejected()
    {
        var client = new ChatClient("m", new System.ClientModel.ApiKeyCredential("k"));
        var tools = new WeatherTools().AssistantTools;

        Assert.Throws<ArgumentOutOfRangeException>(() => new ChatRunner(client, tools, new ToolRunnerOptions { MaxToolRounds = -1 }));
        Assert.Throws<ArgumentNullException>(() => new ChatRunner(null!, tools));
        Assert.Throws<ArgumentNullException>(() => new ChatRunner(client, null!));
        Assert.Throws<ArgumentException>(() => { _ = new ChatRunner(client, tools).RunAsync([]); });
    }

    [Fact]
    public async Task An_event_handler_exception_stops_the_conversation_and_propagates()
    {
        var (server, client) = await StartAsync(Calls(("call_1", "get_weather", """{"city":"Paris"}""")), Reply("Sunny."));
        await using var _ = server;
        var runner = new ChatRunner(client, new WeatherTools().AssistantTools, new ToolRunnerOptions
        {
            OnEvent = e => e is ToolCallCompleted ? throw new JsonException("handler broke") : ValueTask.CompletedTask,
        });

        await Assert.ThrowsAsync<JsonException>(() => runner.AskAsync("Weather?"));

        Assert.Single(Sent(server));
    }
}
