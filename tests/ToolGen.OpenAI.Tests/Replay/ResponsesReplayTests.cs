using System.ClientModel;
using System.Text.Json.Nodes;
using OpenAI.Responses;
using ToolGen.Testing;

namespace ToolGen.OpenAI.Tests.Replay;

/// <summary>ResponsesRunner against real recorded Responses API sessions (recorded by the official SDK's tests against
/// api.openai.com with hand-written loops).</summary>
public sealed class ResponsesReplayTests
{
    private const string Create = "POST /v1/responses";

    private static string FunctionCallWorks => Fixtures.Recording("responses", "FunctionCallWorksAsync");

    [Fact]
    public async Task Function_output_is_sent_with_previous_response_id_as_recorded_and_the_recorded_answer_is_returned()
    {
        var recordedRequests = ReplayJson.RecordedRequests(FunctionCallWorks, Create);
        var recordedResponses = ReplayJson.RecordedResponses(FunctionCallWorks, Create);
        await using var server = await ReplayServer.StartAsync(FunctionCallWorks, repeatWhenExhausted: false);
        var events = new List<string>();
        var runner = new ResponsesRunner(ClientFor(server), ResponsesWeatherTools.AssistantTools, new ToolRunnerOptions
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

        var outcome = await runner.RunAsync(OptionsOf(recordedRequests[0]));

        var sent = Sent(server);
        Assert.Equal(2, sent.Length);
        ReplayJson.Equal(recordedRequests[0]["input"], sent[0]["input"]);
        Assert.Equal(ToolNames(recordedRequests[0]), ToolNames(sent[0]));

        // The follow-up: only the function_call_output item (call_id, output), chained by previous_response_id.
        ReplayJson.Equal(recordedRequests[1]["input"], sent[1]["input"]);
        Assert.Equal((string?)recordedRequests[1]["previous_response_id"], (string?)sent[1]["previous_response_id"]);
        Assert.Equal("gpt-4o-mini", (string?)sent[1]["model"]);
        Assert.Equal(ToolNames(recordedRequests[1]), ToolNames(sent[1]));

        var final = recordedResponses[1];
        Assert.Equal(ToolRunStatus.Completed, outcome.Status);
        Assert.Equal("completed", outcome.ApiStatus);
        Assert.Equal((string?)final["id"], outcome.Id);
        Assert.Equal((string?)final["output"]![0]!["content"]![0]!["text"], outcome.Reply);
        Assert.Equal(1, outcome.ToolRounds);
        var exchange = Assert.Single(outcome.ToolCalls);
        Assert.Equal(new ToolCall("call_AFSEMEmrzLZpwnNTfO2YdG9z", "get_weather_at_location", """{"location":"San Francisco, CA"}"""), exchange.Call);
        Assert.Equal("22 celcius and windy", exchange.Result.Output);
        Assert.Equal(
            [ResponseItemKind.Message, ResponseItemKind.FunctionCall, ResponseItemKind.FunctionCallOutput, ResponseItemKind.Message],
            outcome.Items!.Select(i => i.Kind));
        Assert.Equal(94 + 271, outcome.Usage.TotalTokens);
        Assert.Equal(
            [
                "1 response resp_0b709398ac6847620068c9ef82ebb08196bffbe839fd6217c0",
                "1 tool call_AFSEMEmrzLZpwnNTfO2YdG9z -> 22 celcius and windy",
                "2 response resp_0b709398ac6847620068c9ef83f18c8196b3802ecb3d896289",
            ],
            events);
    }

    [Fact]
    public async Task Resent_input_equals_the_conversation_the_service_stored_for_the_recorded_session()
    {
        await using var server = await ReplayServer.StartAsync(FunctionCallWorks, repeatWhenExhausted: false);
        var runner = new ResponsesRunner(ClientFor(server), ResponsesWeatherTools.AssistantTools, new ToolRunnerOptions
        {
            Continuation = ResponsesContinuation.ResendInput,
        });

        var outcome = await runner.RunAsync(OptionsOf(ReplayJson.RecordedRequests(FunctionCallWorks, Create)[0]));

        var sent = Sent(server);
        Assert.Equal(2, sent.Length);
        Assert.Null(sent[1]["previous_response_id"]);

        // The service's own record of the second response's input (GET …/input_items, newest first): the user message,
        // the function_call and the function_call_output. Ids and statuses are the service's bookkeeping.
        var stored = ReplayJson.RecordedResponses(FunctionCallWorks, "GET /v1/responses/resp_0b709398ac6847620068c9ef83f18c8196b3802ecb3d896289/input_items")
            .Single()["data"]!.AsArray().Reverse();
        ReplayJson.Equal(
            new JsonArray(stored.Select(Meaningful).ToArray()),
            new JsonArray(sent[1]["input"]!.AsArray().Select(Meaningful).ToArray()));
        Assert.Equal(ToolRunStatus.Completed, outcome.Status);
        Assert.StartsWith("The weather in San Francisco is currently 22°C", outcome.Reply);
    }

    [Fact]
    public async Task A_forced_function_choice_is_sent_once_and_dropped_from_the_follow_up()
    {
        var path = Fixtures.Recording("responses", "FunctionToolChoiceWorksAsync");
        var recorded = ReplayJson.RecordedRequests(path, Create).Single();
        await using var server = await ReplayServer.StartAsync(path, repeatWhenExhausted: false);
        var runner = new ResponsesRunner(ClientFor(server), ResponsesWeatherTools.AssistantTools);
        var options = OptionsOf(recorded);
        options.ToolChoice = ResponseToolChoice.CreateFunctionChoice("get_weather_at_location");

        // The recording ends after the forced call, so the replay server refuses the follow-up with 404.
        var refused = await Assert.ThrowsAsync<ClientResultException>(() => runner.RunAsync(options));

        Assert.Equal(404, refused.Status);
        var sent = Sent(server);
        Assert.Equal(2, sent.Length);
        ReplayJson.Equal(recorded["tool_choice"], sent[0]["tool_choice"]);
        ReplayJson.Equal(recorded["input"], sent[0]["input"]);
        Assert.Null(sent[1]["tool_choice"]);
        Assert.Equal("resp_0ba4b887b92f166c0068c9ef87a63881909659b934a920733e", (string?)sent[1]["previous_response_id"]);
        var expected = new JsonArray(new JsonObject
        {
            ["type"] = "function_call_output",
            ["call_id"] = CallIdOf(path),
            ["output"] = "22 celcius and windy",
        });
        ReplayJson.Equal(expected, sent[1]["input"]);
    }

    [Fact]
    public async Task A_streamed_function_call_is_taken_from_the_recorded_stream_and_answered_in_a_streamed_follow_up()
    {
        var path = Fixtures.Recording("responses", "FunctionCallStreamingWorksAsync");
        var recorded = ReplayJson.RecordedRequests(path, Create).Single();
        await using var server = await ReplayServer.StartAsync(path, repeatWhenExhausted: false);
        var events = new List<ToolRunEvent>();
        var runner = new ResponsesRunner(ClientFor(server), ResponsesWeatherTools.AssistantTools, new ToolRunnerOptions
        {
            Streaming = true,
            OnEvent = e =>
            {
                events.Add(e);
                return ValueTask.CompletedTask;
            },
        });

        // The recording ends after the streamed function call, so the replay server refuses the follow-up with 404.
        var refused = await Assert.ThrowsAsync<ClientResultException>(() => runner.RunAsync(OptionsOf(recorded)));

        Assert.Equal(404, refused.Status);
        var sent = Sent(server);
        Assert.Equal(2, sent.Length);
        Assert.All(sent, body => Assert.True((bool)body["stream"]!));
        ReplayJson.Equal(recorded["input"], sent[0]["input"]);
        Assert.Equal("resp_092e49e68d1e23ec006912491fa9ac819eb7ca78e4ba686d75", (string?)sent[1]["previous_response_id"]);
        var expected = new JsonArray(new JsonObject
        {
            ["type"] = "function_call_output",
            ["call_id"] = "call_C9WzZ6slcrcsQjUphRCUIvSi",
            ["output"] = "22 celcius and windy",
        });
        ReplayJson.Equal(expected, sent[1]["input"]);

        // The call assembled from the stream's argument deltas, as the final response.completed event carries it.
        Assert.Equal(2, events.Count);
        Assert.Equal("resp_092e49e68d1e23ec006912491fa9ac819eb7ca78e4ba686d75", Assert.IsType<ToolRunStatusChanged>(events[0]).Id);
        var completed = Assert.IsType<ToolCallCompleted>(events[1]);
        Assert.Equal(new ToolCall("call_C9WzZ6slcrcsQjUphRCUIvSi", "get_weather_at_location", """{"location":"San Francisco, CA"}"""), completed.Call);
    }

    private static ResponsesClient ClientFor(ReplayServer server)
        => new(new ApiKeyCredential("test"), new ResponsesClientOptions { Endpoint = server.Endpoint });

    private static CreateResponseOptions OptionsOf(JsonObject firstRequest)
        => new(
            (string)firstRequest["model"]!,
            firstRequest["input"]!.AsArray().Select(i => (ResponseItem)ResponseItem.CreateUserMessageItem((string)i!["content"]![0]!["text"]!)));

    private static JsonObject[] Sent(ReplayServer server)
        => server.BodiesOf("POST", "/v1/responses").Select(b => JsonNode.Parse(b)!.AsObject()).ToArray();

    private static string[] ToolNames(JsonObject request)
        => request["tools"]?.AsArray().Select(t => (string)t!["name"]!).ToArray() ?? [];

    private static string CallIdOf(string path)
        => (string)ReplayJson.RecordedResponses(path, Create).Single()["output"]![0]!["call_id"]!;

    private static JsonNode Meaningful(JsonNode? item)
    {
        var keep = new[] { "type", "role", "content", "call_id", "name", "arguments", "output" };
        return new JsonObject(item!.AsObject().Where(p => keep.Contains(p.Key)).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
    }
}
