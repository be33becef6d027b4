using System.Text.Json.Nodes;
using OpenAI.Responses;
using static ToolGen.OpenAI.Tests.Loop.ResponsesScript;

namespace ToolGen.OpenAI.Tests.Loop;

/// <summary>ResponsesRunner's loop over scripted responses served on 127.0.0.1, through the official SDK.</summary>
public sealed class ResponsesRunnerTests
{
    private const string Model = "gpt-4o-mini";

    [Fact]
    public async Task Round_limit_stops_without_running_the_calls_asked_for_after_the_last_allowed_round()
    {
        var (server, client) = await StartAsync(
            Calls("resp_1", ("call_1", "get_weather", """{"city":"Paris"}""")),
            Calls("resp_2", ("call_2", "get_weather", """{"city":"Oslo"}""")),
            Calls("resp_3", ("call_3", "get_weather", """{"city":"Lima"}""")));
        await using var _ = server;
        var ran = 0;
        var tools = new WeatherTools { BeforeEachCall = () => Interlocked.Increment(ref ran) }.AssistantTools;

        var outcome = await new ResponsesRunner(client, tools, new ToolRunnerOptions { MaxToolRounds = 2 })
            .AskAsync(Model, "Weather in Paris, then Oslo, then Lima?");

        Assert.Equal(ToolRunStatus.ToolRoundLimit, outcome.Status);
        Assert.False(outcome.IsCompleted);
        Assert.Equal(("completed", "resp_3", 2, 2), (outcome.ApiStatus, outcome.Id, outcome.ToolRounds, ran));
        Assert.Equal(["call_1", "call_2"], outcome.ToolCalls.Select(c => c.Call.Id));
        Assert.Equal(3, Sent(server).Length);
        Assert.Equal("call_3", Assert.IsType<FunctionCallResponseItem>(outcome.Items![^1]).CallId);
    }

    [Fact]
    public async Task Parallel_calls_run_concurrently_and_their_outputs_are_sent_in_call_order()
    {
        var (server, client) = await StartAsync(
            Calls("resp_1", ("call_a", "step", """{"name":"first"}"""), ("call_b", "step", """{"name":"middle"}"""), ("call_c", "step", """{"name":"last"}""")),
            Reply("resp_2", "All done."));
        await using var _ = server;
        var gated = new ChatGatedTools();

        var outcome = await new ResponsesRunner(client, gated.AssistantTools).AskAsync(Model, "Run the steps.");

        Assert.Equal((ToolRunStatus.Completed, "All done."), (outcome.Status, outcome.Reply));
        // "first" can only finish after "last": the calls ran alongside each other, and finished out of call order.
        Assert.True(gated.Finished.IndexOf("first") > gated.Finished.IndexOf("last"), string.Join(", ", gated.Finished));
        var followUp = Sent(server)[1];
        Assert.Equal([("call_a", "done first"), ("call_b", "done middle"), ("call_c", "done last")], Outputs(followUp));
        Assert.Equal(3, followUp["input"]!.AsArray().Count);
        Assert.Equal("resp_1", (string?)followUp["previous_response_id"]);
    }

    [Fact]
    public async Task Model_mistakes_are_sent_back_as_error_outputs_and_the_conversation_goes_on()
    {
        var (server, client) = await StartAsync(
            Calls(
                "resp_1",
                ("call_1", "get_weather", "{}"),
                ("call_2", "get_weather", "{\"city\":"),
                ("call_3", "launch_rockets", "{}"),
                ("call_4", "explode", "{}")),
            Calls("resp_2", ("call_5", "get_weather", """{"city":"Paris"}""")),
            Reply("resp_3", "Sunny in Paris."));
        await using var _ = server;

        var outcome = await new ResponsesRunner(client, new WeatherTools().AssistantTools).AskAsync(Model, "Weather?");

        Assert.Equal((ToolRunStatus.Completed, "Sunny in Paris.", 2), (outcome.Status, outcome.Reply, outcome.ToolRounds));
        var sentOutputs = Outputs(Sent(server)[1]);
        Assert.Equal(["call_1", "call_2", "call_3", "call_4"], sentOutputs.Select(o => o.CallId));
        Assert.Equal(
            ["missing_required", "invalid_json", "unknown_tool", "tool_failed"],
            sentOutputs.Select(o => JsonNode.Parse(o.Output!)!["error"]!["kind"]!.GetValue<string>()));
        Assert.All(outcome.ToolCalls.Take(4), c => Assert.True(c.Result.IsError));
        Assert.Equal([("call_5", "Sunny in Paris")], Outputs(Sent(server)[2]));
    }

    [Fact]
    public async Task A_failed_response_ends_the_conversation_with_its_error()
    {
        var (server, client) = await StartAsync(
            Calls("resp_1", ("call_1", "get_weather", """{"city":"Paris"}""")),
            Failed("resp_2", "server_error", "The model crashed."));
        await using var _ = server;

        var outcome = await new ResponsesRunner(client, new WeatherTools().AssistantTools).AskAsync(Model, "Weather?");

        Assert.Equal((ToolRunStatus.Failed, "failed", "resp_2", 1), (outcome.Status, outcome.ApiStatus, outcome.Id, outcome.ToolRounds));
        Assert.Equal(new ToolRunError("server_error", "The model crashed."), outcome.Error);
        Assert.Null(outcome.Reply);
        Assert.Null(outcome.IncompleteReason);
    }

    [Fact]
    public async Task An_incomplete_response_ends_the_conversation_with_its_reason_and_partial_text()
    {
        var (server, client) = await StartAsync(Incomplete("resp_1", "max_output_tokens", "The weather in"));
        await using var _ = server;

        var outcome = await new ResponsesRunner(client, new WeatherTools().AssistantTools).AskAsync(Model, "Weather?");

        Assert.Equal(
            (ToolRunStatus.Incomplete, "incomplete", "max_output_tokens", "The weather in"),
            (outcome.Status, outcome.ApiStatus, outcome.IncompleteReason, outcome.Reply));
        Assert.Null(outcome.Error);
    }

    [Fact]
    public async Task A_cancelled_response_ends_the_conversation()
    {
        var (server, client) = await StartAsync(WithStatus("resp_1", "cancelled"));
        await using var _ = server;

        var outcome = await new ResponsesRunner(client, new WeatherTools().AssistantTools).AskAsync(Model, "Weather?");

        Assert.Equal((ToolRunStatus.Cancelled, "cancelled"), (outcome.Status, outcome.ApiStatus));
    }

    [Fact]
    public async Task A_response_still_in_progress_is_reported_as_a_server_error()
    {
        var (server, client) = await StartAsync(WithStatus("resp_1", "in_progress"));
        await using var _ = server;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => new ResponsesRunner(client, new WeatherTools().AssistantTools).AskAsync(Model, "Weather?"));

        Assert.Contains("in_progress", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unstored_reasoning_items_are_sent_back_whole_with_their_encrypted_content()
    {
        var reasoning = new JsonObject
        {
            ["id"] = "rs_1",
            ["type"] = "reasoning",
            ["summary"] = new JsonArray(new JsonObject { ["type"] = "summary_text", ["text"] = "Look up Paris." }),
            ["encrypted_content"] = "gAAAAB-opaque",
        };
        var first = JsonNode.Parse(Calls("resp_1", ("call_1", "get_weather", """{"city":"Paris"}""")))!.AsObject();
        first["output"]!.AsArray().Insert(0, reasoning.DeepClone());
        var (server, client) = await StartAsync(first.ToJsonString(), Reply("resp_2", "Sunny."));
        await using var _ = server;
        var options = new CreateResponseOptions(Model, [ResponseItem.CreateUserMessageItem("Weather in Paris?")])
        {
            StoredOutputEnabled = false,
            IncludedProperties = { IncludedResponseProperty.ReasoningEncryptedContent },
        };

        var outcome = await new ResponsesRunner(client, new WeatherTools().AssistantTools).RunAsync(options);

        Assert.Equal(ToolRunStatus.Completed, outcome.Status);
        var input = Sent(server)[1]["input"]!.AsArray();
        Assert.Equal(["message:user", "reasoning:", "function_call:call_1", "function_call_output:call_1"], input.Select(Describe));
        Assert.True(JsonNode.DeepEquals(reasoning, input[1]), input[1]!.ToJsonString());
    }

    [Fact]
    public async Task Unstored_responses_are_continued_by_resending_the_whole_conversation()
    {
        var (server, client) = await StartAsync(
            TextAndCalls("resp_1", "Let me look.", ("call_1", "get_weather", """{"city":"Paris"}""")),
            Calls("resp_2", ("call_2", "get_weather", """{"city":"Oslo"}""")),
            Reply("resp_3", "Sunny in both."));
        await using var _ = server;
        var options = new CreateResponseOptions(Model, [ResponseItem.CreateUserMessageItem("Weather in Paris and Oslo?")])
        {
            StoredOutputEnabled = false,
        };

        var outcome = await new ResponsesRunner(client, new WeatherTools().AssistantTools).RunAsync(options);

        Assert.Equal(ToolRunStatus.Completed, outcome.Status);
        var sent = Sent(server);
        Assert.All(sent, body => Assert.Null(body["previous_response_id"]));
        Assert.All(sent, body => Assert.False((bool)body["store"]!));
        Assert.Equal(
            ["message:user", "message:assistant", "function_call:call_1", "function_call_output:call_1", "function_call:call_2", "function_call_output:call_2"],
            sent[2]["input"]!.AsArray().Select(Describe));
        Assert.Equal(
            ["message", "message", "function_call", "function_call_output", "function_call", "function_call_output", "message"],
            outcome.Items!.Select(i => i.Kind.ToString()));
    }

    [Fact]
    public async Task A_conversation_continued_from_an_earlier_response_chains_each_follow_up_on_the_latest_one()
    {
        foreach (var continuation in new[] { ResponsesContinuation.PreviousResponseId, ResponsesContinuation.ResendInput })
        {
            var (server, client) = await StartAsync(
                Calls("resp_1", ("call_1", "get_weather", """{"city":"Paris"}""")),
                Reply("resp_2", "Sunny."));
            await using var _ = server;
            var options = new CreateResponseOptions(Model, [ResponseItem.CreateUserMessageItem("And the weather?")])
            {
                PreviousResponseId = "resp_0",
            };

            await new ResponsesRunner(client, new WeatherTools().AssistantTools, new ToolRunnerOptions { Continuation = continuation })
                .RunAsync(options);

            var sent = Sent(server);
            Assert.Equal("resp_0", (string?)sent[0]["previous_response_id"]);
            if (continuation == ResponsesContinuation.PreviousResponseId)
            {
                Assert.Equal("resp_1", (string?)sent[1]["previous_response_id"]);
                Assert.Equal(["function_call_output:call_1"], sent[1]["input"]!.AsArray().Select(Describe));
            }
            else
            {
                // The earlier turns stay with resp_0; this turn's items are sent again.
                Assert.Equal("resp_0", (string?)sent[1]["previous_response_id"]);
                Assert.Equal(["message:user", "function_call:call_1", "function_call_output:call_1"], sent[1]["input"]!.AsArray().Select(Describe));
            }
        }
    }

    [Fact]
    public async Task Responses_in_a_conversation_send_only_the_outputs()
    {
        var (server, client) = await StartAsync(
            Calls("resp_1", ("call_1", "get_weather", """{"city":"Paris"}""")),
            Reply("resp_2", "Sunny."));
        await using var _ = server;
        var options = new CreateResponseOptions(Model, [ResponseItem.CreateUserMessageItem("Weather?")])
        {
            ConversationOptions = new ResponseConversationOptions("conv_123"),
        };

        await new ResponsesRunner(client, new WeatherTools().AssistantTools).RunAsync(options);

        var followUp = Sent(server)[1];
        Assert.Null(followUp["previous_response_id"]);
        Assert.Equal("conv_123", (string?)followUp["conversation"]!["id"]);
        Assert.Equal(["function_call_output:call_1"], followUp["input"]!.AsArray().Select(Describe));
    }

    [Fact]
    public async Task The_callers_options_are_left_unchanged_and_a_forced_choice_is_kept_when_asked()
    {
        var (server, client) = await StartAsync(
            Calls("resp_1", ("call_1", "get_weather", """{"city":"Paris"}""")),
            Reply("resp_2", "Sunny."));
        await using var _ = server;
        var options = new CreateResponseOptions(Model, [ResponseItem.CreateUserMessageItem("Weather?")])
        {
            ToolChoice = ResponseToolChoice.CreateRequiredChoice(),
        };

        await new ResponsesRunner(client, new WeatherTools().AssistantTools, new ToolRunnerOptions { ResetToolChoice = false })
            .RunAsync(options);

        Assert.Empty(options.Tools);
        Assert.Single(options.InputItems);
        Assert.Null(options.PreviousResponseId);
        var sent = Sent(server);
        Assert.All(sent, body => Assert.Equal("required", (string?)body["tool_choice"]));
        Assert.Equal(["explode", "get_weather"], sent[0]["tools"]!.AsArray().Select(t => (string?)t!["name"]));
    }

    [Fact]
    public async Task Events_report_each_response_and_each_call_in_order()
    {
        var (server, client) = await StartAsync(
            Calls("resp_1", ("call_1", "get_weather", """{"city":"Paris"}"""), ("call_2", "get_weather", """{"city":"Oslo"}""")),
            Reply("resp_2", "Sunny in both."));
        await using var _ = server;
        var events = new List<string>();
        var runner = new ResponsesRunner(client, new WeatherTools().AssistantTools, new ToolRunnerOptions
        {
            OnEvent = e =>
            {
                events.Add(e switch
                {
                    ToolRunStatusChanged r => $"{r.Round} response {r.Id}",
                    ToolCallCompleted t => $"{t.Round} tool {t.Call.Id} -> {t.Result.Output}",
                    _ => e.ToString(),
                });
                return ValueTask.CompletedTask;
            },
        });

        var outcome = await runner.AskAsync(Model, "Weather in Paris and Oslo?");

        Assert.Equal(["1 response resp_1", "1 tool call_1 -> Sunny in Paris", "1 tool call_2 -> Sunny in Oslo", "2 response resp_2"], events);
        Assert.Equal(new TokenUsage(20, 10, 30), outcome.Usage);
    }

    [Fact]
    public void Invalid_arguments_are_rejected()
    {
        var client = new ResponsesClient(new System.ClientModel.ApiKeyCredential("k"));
        var tools = new WeatherTools().AssistantTools;
        var runner = new ResponsesRunner(client, tools);

        Assert.Throws<ArgumentOutOfRangeException>(() => new ResponsesRunner(client, tools, new ToolRunnerOptions { MaxToolRounds = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ResponsesRunner(client, tools, new ToolRunnerOptions { Continuation = (ResponsesContinuation)7 }));
        Assert.Throws<ArgumentNullException>(() => new ResponsesRunner(null!, tools));
        Assert.Throws<ArgumentException>(() => { _ = runner.RunAsync(new CreateResponseOptions(Model, []) { StreamingEnabled = true }); });
        Assert.Throws<ArgumentException>(() => { _ = runner.RunAsync(new CreateResponseOptions(Model, []) { BackgroundModeEnabled = true }); });
        Assert.Throws<ArgumentException>(() => { _ = runner.AskAsync("", "Hi"); });
    }

    private static string Describe(JsonNode? item)
        => (string?)item!["type"] switch
        {
            "message" => "message:" + (string?)item["role"],
            var type => type + ":" + (string?)item["call_id"],
        };
}
