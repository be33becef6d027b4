using System.ClientModel;
using System.Text.Json.Nodes;
using OpenAI.Assistants;
using ToolGen.Testing;

namespace ToolGen.OpenAI.Tests.Replay;

/// <summary>AssistantRunner's streaming variants against real recorded Assistants event streams (recorded by the
/// official SDK's tests against api.openai.com), served back as the recorded server-sent events.</summary>
public sealed class AssistantStreamingReplayTests
{
    [Theory]
    [InlineData("StreamingToolCall")]
    [InlineData("StreamingToolCallAsync")]
    public async Task Streamed_run_submits_the_recorded_tool_outputs_in_one_streaming_submission_and_returns_the_streamed_reply(string recording)
    {
        var path = Fixtures.Recording("assistants", recording);
        var entries = ReplayServer.RecordedEntry.Load(path);
        var recordedCreate = entries.Single(e => e.Key == "POST /v1/threads/runs");
        var recordedSubmit = entries.Single(e => e.Key.EndsWith("/submit_tool_outputs", StringComparison.Ordinal));
        await using var server = await ReplayServer.StartAsync(path, repeatWhenExhausted: false);
        var client = ClientFor(server);
        var assistant = await CreateAssistantAsync(client, CurrentWeatherTools.AssistantTools);
        var events = new List<ToolRunEvent>();
        var runner = new AssistantRunner(client, CurrentWeatherTools.AssistantTools, new ToolRunnerOptions
        {
            Streaming = true,
            OnEvent = e =>
            {
                events.Add(e);
                return ValueTask.CompletedTask;
            },
        });

        var outcome = await runner.AskAsync(assistant.Id, "What should I wear outside right now?");

        var recordedReply = CompletedMessageText(recordedSubmit.ResponseBody);
        Assert.Equal(ToolRunStatus.Completed, outcome.Status);
        Assert.Equal("completed", outcome.ApiStatus);
        Assert.Equal(recordedReply, outcome.Reply);
        Assert.StartsWith("Since it's warm and sunny outside", outcome.Reply, StringComparison.Ordinal);
        Assert.Equal(1, outcome.ToolRounds);
        var exchange = Assert.Single(outcome.ToolCalls);
        Assert.Equal(("get_current_weather", "{}", "warm and sunny"), (exchange.Call.Name, exchange.Call.Arguments, exchange.Result.Output));
        Assert.StartsWith("call_", exchange.Call.Id, StringComparison.Ordinal);

        // Exactly the recorded requests: one streamed create, one streamed submission, no polling, no message listing.
        Assert.Equal(
            ["POST /v1/assistants", "POST /v1/threads/runs", recordedSubmit.Key],
            server.Received.Select(r => r.Method + " " + r.Path));
        var submitted = JsonNode.Parse(Assert.Single(server.BodiesOf("POST", recordedSubmit.Key["POST ".Length..])))!;
        Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse(recordedSubmit.RequestBody!), submitted),
            $"submitted {submitted.ToJsonString()}, recorded {recordedSubmit.RequestBody}");
        Assert.True((bool)submitted["stream"]!);
        ReplayJson.Equal(JsonNode.Parse(recordedCreate.RequestBody!), JsonNode.Parse(server.BodiesOf("POST", "/v1/threads/runs").Single()));

        // The text deltas (one "text" here per run of them) come between in_progress and completed.
        var described = events.Select(Describe).ToList();
        Assert.Equal(
            ["status queued", "status in_progress", "status requires_action", $"tool {exchange.Call.Id}", "status queued", "status in_progress", "text", "status completed"],
            described.Where((d, i) => d != "text" || described[i - 1] != "text"));
        Assert.Equal(RecordedDeltas(recordedSubmit.ResponseBody), events.OfType<ToolRunTextDelta>().Select(d => d.Delta));
        Assert.All(events.OfType<ToolRunStatusChanged>(), e => Assert.Equal(outcome.Id, e.Id));
    }

    [Fact]
    public async Task Streamed_run_without_tools_returns_the_recorded_reply_from_the_stream_alone()
    {
        var path = Fixtures.Recording("assistants", "StreamingRunWorksAsync");
        var entries = ReplayServer.RecordedEntry.Load(path);
        var recordedRun = entries.Single(e => e.IsEventStream);
        await using var server = await ReplayServer.StartAsync(path, repeatWhenExhausted: false);
        var client = ClientFor(server);
        var assistant = await CreateAssistantAsync(client, CurrentWeatherTools.AssistantTools);
        AssistantThread thread = await client.CreateThreadAsync(new ThreadCreationOptions
        {
            InitialMessages = { new ThreadInitializationMessage(MessageRole.User, [MessageContent.FromText("Hello there, assistant! How are you today?")]) },
        });
        var statuses = new List<string>();
        var deltas = new List<string>();
        var runner = new AssistantRunner(client, CurrentWeatherTools.AssistantTools, new ToolRunnerOptions
        {
            Streaming = true,
            OnEvent = e =>
            {
                switch (e)
                {
                    case ToolRunStatusChanged changed:
                        statuses.Add(changed.Status);
                        break;
                    case ToolRunTextDelta delta:
                        deltas.Add(delta.Delta);
                        break;
                }

                return ValueTask.CompletedTask;
            },
        });

        var outcome = await runner.RunAsync(thread.Id, assistant.Id);

        Assert.Equal(ToolRunStatus.Completed, outcome.Status);
        Assert.Equal("Hello! I'm here and ready to help you with anything you need. How can I assist you today?", outcome.Reply);
        Assert.Equal(CompletedMessageText(recordedRun.ResponseBody), outcome.Reply);
        Assert.Equal(("thread_SkB4C5yOG0mpvmUuXXULFo06", "run_vTjp2ichhvmAcs8OfKVGjRLd"), (outcome.ThreadId, outcome.Id));
        Assert.Empty(outcome.ToolCalls);
        Assert.Equal(0, outcome.ToolRounds);
        Assert.Equal(["queued", "in_progress", "completed"], statuses);
        Assert.Equal(outcome.Reply, string.Concat(deltas));
        Assert.Equal(21, deltas.Count);
        Assert.True((bool)JsonNode.Parse(server.BodiesOf("POST", $"/v1/threads/{thread.Id}/runs").Single())!["stream"]!);
        Assert.DoesNotContain(server.Received, r => r.Method == "GET");
    }

    [Fact]
    public async Task Reply_joins_the_messages_of_every_stream_of_the_run_as_the_polling_path_does()
    {
        // The recorded StreamingToolCall session, with a message the assistant wrote before asking for the tool.
        var path = Fixtures.Recording("assistants", "StreamingToolCall");
        var entries = ReplayServer.RecordedEntry.Load(path);
        var create = entries.Single(e => e.Key == "POST /v1/threads/runs");
        var submit = entries.Single(e => e.Key.EndsWith("/submit_tool_outputs", StringComparison.Ordinal));
        const string First = "Let me look at the weather.";
        var created = EventData(submit.ResponseBody, "thread.message.created").Single().AsObject();
        var completed = EventData(submit.ResponseBody, "thread.message.completed").Single().AsObject();
        created["id"] = "msg_first";
        completed["id"] = "msg_first";
        completed["content"]![0]!["text"]!["value"] = First;
        var delta = EventData(submit.ResponseBody, "thread.message.delta").First().AsObject();
        delta["id"] = "msg_first";
        delta["delta"]!["content"]![0]!["text"]!["value"] = First;
        var at = create.ResponseBody.IndexOf("event: thread.run.requires_action", StringComparison.Ordinal);
        var stream = create.ResponseBody[..at]
            + $"event: thread.message.created\ndata: {created.ToJsonString()}\n\n"
            + $"event: thread.message.delta\ndata: {delta.ToJsonString()}\n\n"
            + $"event: thread.message.completed\ndata: {completed.ToJsonString()}\n\n"
            + create.ResponseBody[at..];
        await using var server = await ReplayServer.StartAsync(
            entries.Select(e => e == create ? e with { ResponseBody = stream } : e).ToArray(),
            repeatWhenExhausted: false);
        var client = ClientFor(server);
        var assistant = await CreateAssistantAsync(client, CurrentWeatherTools.AssistantTools);
        var deltas = new List<string>();
        var runner = new AssistantRunner(client, CurrentWeatherTools.AssistantTools, new ToolRunnerOptions
        {
            Streaming = true,
            OnEvent = e =>
            {
                if (e is ToolRunTextDelta d)
                {
                    deltas.Add(d.Delta);
                }

                return ValueTask.CompletedTask;
            },
        });

        var outcome = await runner.AskAsync(assistant.Id, "What should I wear outside right now?");

        Assert.Equal(ToolRunStatus.Completed, outcome.Status);
        Assert.Equal(First + "\n\n" + CompletedMessageText(submit.ResponseBody), outcome.Reply);
        Assert.Equal(First, deltas[0]);
    }

    [Fact]
    public async Task An_error_event_in_the_stream_is_reported_as_InvalidOperationException_naming_the_run()
    {
        var recorded = RecordedRunStream();
        var cut = recorded.IndexOf("event: thread.run.step.created", StringComparison.Ordinal);
        var stream = recorded[..cut]
            + "event: error\ndata: {\"code\":\"server_error\",\"message\":\"The server had an error while processing your request.\",\"param\":null,\"type\":\"server_error\"}\n\n";
        await using var server = await ReplayServer.StartAsync([RunStreamEntry(stream)], repeatWhenExhausted: false);
        var statuses = new List<string>();
        var runner = new AssistantRunner(ClientFor(server), CurrentWeatherTools.AssistantTools, new ToolRunnerOptions
        {
            Streaming = true,
            OnEvent = e =>
            {
                if (e is ToolRunStatusChanged changed)
                {
                    statuses.Add(changed.Status);
                }

                return ValueTask.CompletedTask;
            },
        });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => runner.RunAsync("thread_SkB4C5yOG0mpvmUuXXULFo06", "asst_qtgI42SHEl4Tc0GVq4fBoyVX"));

        Assert.Contains("run_vTjp2ichhvmAcs8OfKVGjRLd", error.Message, StringComparison.Ordinal);
        Assert.Contains("The server had an error", error.Message, StringComparison.Ordinal);
        Assert.IsType<ClientResultException>(error.InnerException);
        Assert.Equal(["queued", "in_progress"], statuses);
    }

    [Fact]
    public async Task A_stream_that_ends_before_a_terminal_status_is_reported_with_the_run_and_its_last_status()
    {
        var recorded = RecordedRunStream();
        var cut = recorded.IndexOf("event: thread.run.completed", StringComparison.Ordinal);
        await using var server = await ReplayServer.StartAsync(
            [RunStreamEntry(recorded[..cut] + "event: done\ndata: [DONE]\n\n")],
            repeatWhenExhausted: false);
        var deltas = new List<string>();
        var runner = new AssistantRunner(ClientFor(server), CurrentWeatherTools.AssistantTools, new ToolRunnerOptions
        {
            Streaming = true,
            OnEvent = e =>
            {
                if (e is ToolRunTextDelta delta)
                {
                    deltas.Add(delta.Delta);
                }

                return ValueTask.CompletedTask;
            },
        });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => runner.RunAsync("thread_SkB4C5yOG0mpvmUuXXULFo06", "asst_qtgI42SHEl4Tc0GVq4fBoyVX"));

        Assert.Contains("run_vTjp2ichhvmAcs8OfKVGjRLd", error.Message, StringComparison.Ordinal);
        Assert.Contains("in_progress", error.Message, StringComparison.Ordinal);
        Assert.Equal(21, deltas.Count);

        // The runner neither polled nor guessed: the one streamed request is all it sent.
        Assert.Single(server.Received);
    }

    [Fact]
    public async Task A_stream_that_ends_before_any_run_event_is_reported()
    {
        await using var server = await ReplayServer.StartAsync([RunStreamEntry("event: done\ndata: [DONE]\n\n")], repeatWhenExhausted: false);
        var runner = new AssistantRunner(ClientFor(server), CurrentWeatherTools.AssistantTools, new ToolRunnerOptions { Streaming = true });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => runner.RunAsync("thread_SkB4C5yOG0mpvmUuXXULFo06", "asst_qtgI42SHEl4Tc0GVq4fBoyVX"));

        Assert.Contains("without reporting the run", error.Message, StringComparison.Ordinal);
    }

    private static string RecordedRunStream()
        => ReplayServer.RecordedEntry.Load(Fixtures.Recording("assistants", "StreamingRunWorksAsync")).Single(e => e.IsEventStream).ResponseBody;

    private static ReplayServer.RecordedEntry RunStreamEntry(string stream)
        => new("POST /v1/threads/thread_SkB4C5yOG0mpvmUuXXULFo06/runs", null, 200, stream, IsEventStream: true);

    private static string Describe(ToolRunEvent e) => e switch
    {
        ToolRunStatusChanged s => "status " + s.Status,
        ToolCallCompleted t => "tool " + t.Call.Id,
        ToolRunTextDelta => "text",
        _ => e.ToString(),
    };

    /// <summary>The data of each event named <paramref name="name"/> in a recorded stream.</summary>
    private static IEnumerable<JsonNode> EventData(string stream, string name)
    {
        foreach (var block in stream.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var lines = block.Split('\n');
            if (lines[0] == "event: " + name)
            {
                yield return JsonNode.Parse(lines[1]["data: ".Length..])!;
            }
        }
    }

    private static string CompletedMessageText(string stream)
        => (string)EventData(stream, "thread.message.completed").Single()["content"]![0]!["text"]!["value"]!;

    private static string[] RecordedDeltas(string stream)
        => EventData(stream, "thread.message.delta").Select(d => (string)d["delta"]!["content"]![0]!["text"]!["value"]!).ToArray();

    private static AssistantClient ClientFor(ReplayServer server)
        => new(new ApiKeyCredential("test"), new AssistantClientOptions { Endpoint = server.Endpoint });

    private static async Task<Assistant> CreateAssistantAsync(AssistantClient client, ToolSet tools)
    {
        var options = new AssistantCreationOptions();
        foreach (var tool in tools.ToFunctionToolDefinitions())
        {
            options.Tools.Add(tool);
        }

        return await client.CreateAssistantAsync("gpt-4o", options);
    }
}
