using System.ClientModel;
using OpenAI;
using OpenAI.Chat;
using ToolGen.Emulator;
using static ToolGen.OpenAI.Tests.Loop.ChatScript;

namespace ToolGen.OpenAI.Tests.Loop;

/// <summary>ChatRunner's streaming variant: chunks assembled into completions, text deltas as events.</summary>
public sealed class ChatStreamingTests
{
    [Fact]
    public async Task Streamed_calls_that_share_an_index_but_not_an_id_stay_separate_calls()
    {
        // Ollama labels every call of a turn with index 0, each in one piece with its own id.
        var (server, client) = await StartAsync(
            Stream(
                """{"delta":{"role":"assistant","tool_calls":[{"index":0,"id":"call_p","type":"function","function":{"name":"get_weather","arguments":"{\"city\":"}}]},"finish_reason":null}""",
                """{"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\"Paris\"}"}}]},"finish_reason":null}""",
                """{"delta":{"tool_calls":[{"index":0,"id":"call_o","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Oslo\"}"}}]},"finish_reason":null}""",
                """{"delta":{},"finish_reason":"tool_calls"}"""),
            Stream("""{"delta":{"role":"assistant","content":"Sunny."},"finish_reason":"stop"}"""));
        await using var _ = server;

        var outcome = await new ChatRunner(client, new WeatherTools().AssistantTools, new ToolRunnerOptions { Streaming = true }).AskAsync("Weather in Paris and Oslo?");

        Assert.Equal((ToolRunStatus.Completed, 1), (outcome.Status, outcome.ToolRounds));
        Assert.Equal(
            [("call_p", """{"city":"Paris"}"""), ("call_o", """{"city":"Oslo"}""")],
            outcome.ToolCalls.Select(c => (c.Call.Id, c.Call.Arguments)));
        Assert.Equal([("call_p", "Sunny in Paris"), ("call_o", "Sunny in Oslo")], ToolMessages(Sent(server)[1]));
    }

    [Fact]
    public async Task Tool_call_pieces_are_assembled_by_index_and_the_reply_arrives_as_text_deltas()
    {
        var (server, client) = await StartAsync(
            Stream(
                """{"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_p","type":"function","function":{"name":"get_weather","arguments":""}}]},"finish_reason":null}""",
                """{"delta":{"tool_calls":[{"index":1,"id":"call_o","type":"function","function":{"name":"get_weather","arguments":"{\"city\""}}]},"finish_reason":null}""",
                """{"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\":\"Pa"}}]},"finish_reason":null}""",
                """{"delta":{"tool_calls":[{"index":1,"function":{"arguments":":\"Oslo\"}"}}]},"finish_reason":null}""",
                """{"delta":{"tool_calls":[{"index":0,"function":{"arguments":"ris\"}"}}]},"finish_reason":null}""",
                """{"delta":{},"finish_reason":"tool_calls"}""",
                """{"usage":{"prompt_tokens":7,"completion_tokens":3,"total_tokens":10}}"""),
            Stream(
                """{"delta":{"role":"assistant","content":"Sunny "},"finish_reason":null}""",
                """{"delta":{"content":"in both."},"finish_reason":null}""",
                """{"delta":{},"finish_reason":"stop"}"""));
        await using var _ = server;
        var events = new List<string>();
        var runner = new ChatRunner(client, new WeatherTools().AssistantTools, new ToolRunnerOptions
        {
            Streaming = true,
            OnEvent = e =>
            {
                events.Add(e switch
                {
                    ToolRunTextDelta d => $"{d.Round} text {d.Delta}",
                    ToolRunStatusChanged c => $"{c.Round} completion {c.Status}",
                    ToolCallCompleted t => $"{t.Round} tool {t.Call.Id} {t.Call.Arguments}",
                    _ => e.ToString(),
                });
                return ValueTask.CompletedTask;
            },
        });

        var outcome = await runner.AskAsync("Weather in Paris and Oslo?");

        Assert.Equal((ToolRunStatus.Completed, "Sunny in both.", 1), (outcome.Status, outcome.Reply, outcome.ToolRounds));
        Assert.Equal(
            [
                "1 completion tool_calls",
                """1 tool call_p {"city":"Paris"}""",
                """1 tool call_o {"city":"Oslo"}""",
                "2 text Sunny ",
                "2 text in both.",
                "2 completion stop",
            ],
            events);
        var sent = Sent(server);
        Assert.All(sent, body => Assert.True((bool)body["stream"]!));
        Assert.Equal([("call_p", "Sunny in Paris"), ("call_o", "Sunny in Oslo")], ToolMessages(sent[1]));
        Assert.Equal(["call_p", "call_o"], sent[1]["messages"]![1]!["tool_calls"]!.AsArray().Select(c => (string?)c!["id"]));
        Assert.Equal(10, outcome.Usage.TotalTokens);
    }

    [Fact]
    public async Task A_stream_that_ends_without_a_finish_reason_is_reported()
    {
        var (server, client) = await StartAsync(Stream("""{"delta":{"role":"assistant","content":"Sunny"},"finish_reason":null}"""));
        await using var _ = server;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => new ChatRunner(client, new WeatherTools().AssistantTools, new ToolRunnerOptions { Streaming = true }).AskAsync("Weather?"));

        Assert.Contains("finish_reason", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Streaming_against_the_emulator_gives_the_same_outcome_as_without()
    {
        ModelTurn[] Turns() =>
        [
            ModelTurn.CallTools(new EmulatedToolCall("get_weather", """{"city":"Paris"}"""), new EmulatedToolCall("explode", "{}")),
            ModelTurn.Reply("It is sunny in Paris; the other tool broke."),
        ];
        var streamedModel = new ScriptedModel(Turns());
        var plainModel = new ScriptedModel(Turns());
        await using var streamedEmulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = streamedModel });
        await using var plainEmulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = plainModel });
        var deltas = new List<ToolRunTextDelta>();
        var streamingRunner = new ChatRunner(ClientFor(streamedEmulator), new WeatherTools().AssistantTools, new ToolRunnerOptions
        {
            Streaming = true,
            OnEvent = e =>
            {
                if (e is ToolRunTextDelta d)
                {
                    deltas.Add(d);
                }

                return ValueTask.CompletedTask;
            },
        });

        var streamed = await streamingRunner.AskAsync("Weather in Paris?");
        var plain = await new ChatRunner(ClientFor(plainEmulator), new WeatherTools().AssistantTools).AskAsync("Weather in Paris?");

        Assert.Equal((plain.Status, plain.Reply, plain.ToolRounds), (streamed.Status, streamed.Reply, streamed.ToolRounds));
        Assert.Equal(
            plain.ToolCalls.Select(c => (c.Call.Name, c.Call.Arguments, c.Result.Output)),
            streamed.ToolCalls.Select(c => (c.Call.Name, c.Call.Arguments, c.Result.Output)));
        Assert.Equal(streamed.Reply, string.Concat(deltas.Select(d => d.Delta)));
        Assert.All(deltas, d => Assert.Equal(2, d.Round));
        Assert.Equal(
            plainModel.Requests[1].Conversation.OfType<ToolCallItem>().Select(i => i.Output),
            streamedModel.Requests[1].Conversation.OfType<ToolCallItem>().Select(i => i.Output));
    }

    private static ChatClient ClientFor(OpenAIEmulator emulator)
        => new("gpt-4o-mini", new ApiKeyCredential("test"), new OpenAIClientOptions { Endpoint = emulator.Endpoint });
}
