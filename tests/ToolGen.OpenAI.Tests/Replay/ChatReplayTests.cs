using System.ClientModel;
using System.Text.Json.Nodes;
using OpenAI;
using OpenAI.Chat;
using ToolGen.Testing;

namespace ToolGen.OpenAI.Tests.Replay;

/// <summary>ChatRunner against real recorded Chat Completions sessions (recorded by the official SDK's tests against
/// api.openai.com with hand-written loops). Each recorded request is served in order; the runner must send the same
/// conversation the SDK's loop sent.</summary>
public sealed class ChatReplayTests
{
    private const string Completions = "POST /v1/chat/completions";

    public static TheoryData<string> ToolRecordings =>
        ["ParallelToolCallsAsync", "ConsecutiveToolCallsAsync", "NoParameterToolWorksAsync", "ParametersWorkAsync"];

    [Theory]
    [MemberData(nameof(ToolRecordings))]
    public async Task Every_follow_up_request_carries_the_recorded_conversation_and_the_recorded_answer_is_returned(string recording)
    {
        var path = Fixtures.Recording("chat", recording);
        var recordedRequests = ReplayJson.RecordedRequests(path, Completions);
        var recordedResponses = ReplayJson.RecordedResponses(path, Completions);
        await using var server = await ReplayServer.StartAsync(path, repeatWhenExhausted: false);
        var runner = new ChatRunner(ClientFor(server), ToolsOf(recording));

        var outcome = await runner.RunAsync(MessagesOf(recordedRequests[0]));

        var sent = server.BodiesOf("POST", "/v1/chat/completions").Select(b => JsonNode.Parse(b)!.AsObject()).ToArray();
        Assert.Equal(recordedRequests.Length, sent.Length);
        for (var i = 0; i < sent.Length; i++)
        {
            // The conversation (user message, assistant tool_calls messages, tool messages with call ids and outputs).
            ReplayJson.Equal(recordedRequests[i]["messages"], sent[i]["messages"]);

            // The tools offered: the recorded functions, by name and in order (ours are strict, the recorded ones not).
            Assert.Equal(ToolNames(recordedRequests[i]), ToolNames(sent[i]));
        }

        var final = recordedResponses[^1]["choices"]![0]!;
        Assert.Equal(ToolRunStatus.Completed, outcome.Status);
        Assert.Equal(ChatFinishReason.Stop, ((ChatCompletion)outcome.RawRepresentation!).FinishReason);
        Assert.Equal(final["message"]!["content"]!.GetValue<string>(), outcome.Reply);
        Assert.Equal(recordedRequests.Length - 1, outcome.ToolRounds);

        var recordedCalls = recordedResponses.SkipLast(1)
            .SelectMany((r, round) => r["choices"]![0]!["message"]!["tool_calls"]!.AsArray().Select(c => (
                round + 1,
                c!["id"]!.GetValue<string>(),
                c["function"]!["name"]!.GetValue<string>(),
                c["function"]!["arguments"]!.GetValue<string>())));
        Assert.Equal(recordedCalls, outcome.ToolCalls.Select(x => (x.Round, x.Call.Id, x.Call.Name, x.Call.Arguments)));
        var recordedOutputs = recordedRequests[^1]["messages"]!.AsArray().Where(m => (string?)m!["role"] == "tool")
            .Select(m => ((string?)m!["tool_call_id"], (string?)m["content"]));
        Assert.Equal(recordedOutputs, outcome.ToolCalls.Select(x => ((string?)x.Result.CallId, (string?)x.Result.Output)));
        Assert.All(outcome.ToolCalls, x => Assert.False(x.Result.IsError));

        // The conversation to continue with: everything of the last request, then the final answer.
        Assert.Equal(recordedRequests[^1]["messages"]!.AsArray().Count + 1, outcome.Messages!.Count);
        var last = Assert.IsType<AssistantChatMessage>(outcome.Messages![^1]);
        Assert.Equal(outcome.Reply, last.Content[0].Text);
        var usage = recordedResponses.Select(r => r["usage"]!["total_tokens"]!.GetValue<long>()).Sum();
        Assert.Equal(usage, outcome.Usage.TotalTokens);
    }

    [Fact]
    public async Task Legacy_function_call_is_answered_with_the_recorded_function_message()
    {
        var path = Fixtures.Recording("chat", "FunctionsWorkAsync");
        var recordedRequests = ReplayJson.RecordedRequests(path, Completions);
        await using var server = await ReplayServer.StartAsync(path, repeatWhenExhausted: false);
        var runner = new ChatRunner(ClientFor(server), ChatMonthColorTools.AssistantTools);
        var options = new ChatCompletionOptions();
        var definition = ChatMonthColorTools.AssistantTools.Definitions.Single();
#pragma warning disable CS0618 // The recording uses the deprecated "functions" on purpose.
        options.Functions.Add(new ChatFunction(definition.Name)
        {
            FunctionDescription = definition.Description,
            FunctionParameters = BinaryData.FromBytes(definition.ParametersSchema),
        });
#pragma warning restore CS0618

        var outcome = await runner.RunAsync(MessagesOf(recordedRequests[0]), options);

        var sent = server.BodiesOf("POST", "/v1/chat/completions").Select(b => JsonNode.Parse(b)!.AsObject()).ToArray();
        Assert.Equal(2, sent.Length);
        Assert.All(sent, body => Assert.False(body.ContainsKey("tools"), "the runner added tools next to the caller's functions"));
        ReplayJson.Equal(recordedRequests[1]["messages"], sent[1]["messages"]);
        Assert.Equal(ToolRunStatus.Completed, outcome.Status);
        Assert.Equal("Your favorite color in February is chartreuse.", outcome.Reply);
        var exchange = Assert.Single(outcome.ToolCalls);
        Assert.Equal(new ToolCall("function_call_1", "get_favorite_color_for_month", """{"month_name":"February"}"""), exchange.Call);
        Assert.Equal("chartreuse", exchange.Result.Output);
    }

    [Fact]
    public async Task The_generated_strict_tool_is_sent_exactly_as_recorded_and_its_output_follows_under_the_recorded_call_id()
    {
        var path = Fixtures.Recording("chat", "StructuredOutputsWithSchemaStrictAsync");
        var recorded = ReplayJson.RecordedRequests(path, Completions).Single();
        await using var server = await ReplayServer.StartAsync(path, repeatWhenExhausted: false);
        var runner = new ChatRunner(
            new ChatClient("gpt-4o-2024-08-06", new ApiKeyCredential("test"), new OpenAIClientOptions { Endpoint = server.Endpoint }),
            ChatWeekdayColorTools.AssistantTools);

        // The recording ends after the tool call, so the replay server refuses the follow-up with 404.
        var refused = await Assert.ThrowsAsync<ClientResultException>(() => runner.RunAsync(MessagesOf(recorded)));

        Assert.Equal(404, refused.Status);
        var sent = server.BodiesOf("POST", "/v1/chat/completions").Select(b => JsonNode.Parse(b)!.AsObject()).ToArray();
        Assert.Equal(2, sent.Length);

        // [AssistantTool] + ToChatTool give byte-for-byte the strict definition the real service accepted.
        ReplayJson.Equal(recorded["tools"], sent[0]["tools"]);
        ReplayJson.Equal(recorded["messages"], sent[0]["messages"]);
        var tool = sent[1]["messages"]!.AsArray()[^1]!;
        Assert.Equal(("tool", "call_13HUI3ybNMQhR1xlPfldHim6", "blue"), ((string?)tool["role"], (string?)tool["tool_call_id"], (string?)tool["content"]));
    }

    private static ChatClient ClientFor(ReplayServer server)
        => new("gpt-4o-mini", new ApiKeyCredential("test"), new OpenAIClientOptions { Endpoint = server.Endpoint });

    private static ToolSet ToolsOf(string recording) => recording switch
    {
        "ParallelToolCallsAsync" => ChatWeatherTools.AssistantTools,
        "ConsecutiveToolCallsAsync" => ToolSet.Combine(ChatWeatherTools.AssistantTools, ChatMoodTools.AssistantTools),
        "NoParameterToolWorksAsync" => ChatFavoriteColorTools.AssistantTools,
        "ParametersWorkAsync" => ChatMonthColorTools.AssistantTools,
        _ => throw new ArgumentOutOfRangeException(nameof(recording), recording, null),
    };

    private static List<ChatMessage> MessagesOf(JsonObject firstRequest)
        => firstRequest["messages"]!.AsArray().Select(m => (string?)m!["role"] switch
        {
            "user" => (ChatMessage)new UserChatMessage(m["content"]!.GetValue<string>()),
            "system" => new SystemChatMessage(m["content"]!.GetValue<string>()),
            var role => throw new InvalidOperationException($"Unexpected first-request role {role}."),
        }).ToList();

    private static string[] ToolNames(JsonObject request)
        => request["tools"]?.AsArray().Select(t => t!["function"]!["name"]!.GetValue<string>()).ToArray() ?? [];
}
