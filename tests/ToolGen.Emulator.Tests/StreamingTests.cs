using OpenAI.Assistants;

namespace ToolGen.Emulator.Tests;

public sealed class StreamingTests
{
    [Fact]
    public async Task A_streamed_run_stops_at_requires_action_and_the_streamed_submission_streams_the_reply()
    {
        var model = new ScriptedModel(
            ModelTurn.CallTools(new EmulatedToolCall("get_weather", """{"city":"Oslo"}"""), new EmulatedToolCall("get_weather", """{"city":"Lima"}""")),
            ModelTurn.Reply("Cold in Oslo, mild in Lima."));
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = model });
        var client = Emulated.Client(emulator);
        Assistant assistant = await client.CreateAssistantAsync("gpt-4o", new AssistantCreationOptions
        {
            Tools = { Emulated.Tool("get_weather", """{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""") },
        });

        var kinds = new List<StreamingUpdateReason>();
        var actions = new List<RequiredActionUpdate>();
        ThreadRun? run = null;
        await foreach (var update in await client.CreateThreadAndRunStreamingAsync(assistant.Id, new ThreadCreationOptions { InitialMessages = { "Weather?" } }))
        {
            kinds.Add(update.UpdateKind);
            if (update is RequiredActionUpdate action)
            {
                actions.Add(action);
                run = action.GetThreadRun();
            }
        }

        Assert.Equal(
            [StreamingUpdateReason.ThreadCreated, StreamingUpdateReason.RunCreated, StreamingUpdateReason.RunQueued, StreamingUpdateReason.RunInProgress,
             StreamingUpdateReason.RunStepCreated, StreamingUpdateReason.RunStepInProgress],
            kinds.Take(6));
        Assert.Equal(["""{"city":"Oslo"}""", """{"city":"Lima"}"""], actions.Select(a => a.FunctionArguments));
        Assert.NotNull(run);
        Assert.Equal(RunStatus.RequiresAction, run.Status);

        var text = new System.Text.StringBuilder();
        ThreadRun? finished = null;
        await foreach (var update in await client.SubmitToolOutputsToRunStreamingAsync(run.ThreadId, run.Id,
            actions.Select(a => new ToolOutput(a.ToolCallId, "ok"))))
        {
            if (update is MessageContentUpdate content)
            {
                text.Append(content.Text);
            }
            else if (update is RunUpdate { UpdateKind: StreamingUpdateReason.RunCompleted } completed)
            {
                finished = completed.Value;
            }
        }

        Assert.Equal("Cold in Oslo, mild in Lima.", text.ToString());
        Assert.NotNull(finished);
        Assert.Equal(RunStatus.Completed, finished.Status);
        Assert.Equal("Cold in Oslo, mild in Lima.", (await Emulated.MessagesAsync(client, run.ThreadId))[^1].Content[0].Text);
    }

    [Fact]
    public async Task A_streamed_run_that_fails_ends_with_run_failed_carrying_last_error()
    {
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = new ScriptedModel(ModelTurn.Fail("server_error", "Boom.")) });
        var client = Emulated.Client(emulator);
        Assistant assistant = await client.CreateAssistantAsync("gpt-4o");
        AssistantThread thread = await client.CreateThreadAsync(new ThreadCreationOptions { InitialMessages = { "Hi" } });

        ThreadRun? failed = null;
        await foreach (var update in await client.CreateRunStreamingAsync(thread.Id, assistant.Id))
        {
            if (update is RunUpdate { UpdateKind: StreamingUpdateReason.RunFailed } run)
            {
                failed = run.Value;
            }
        }

        Assert.NotNull(failed);
        Assert.Equal("Boom.", failed.LastError.Message);
    }

    [Fact]
    public async Task Run_steps_list_the_tool_calls_with_their_outputs_and_the_message_creation()
    {
        var model = new ScriptedModel(ModelTurn.CallTools(new EmulatedToolCall("get_weather", """{"city":"Oslo"}""")), ModelTurn.Reply("Cold."));
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = model });
        var client = Emulated.Client(emulator);
        Assistant assistant = await client.CreateAssistantAsync("gpt-4o");
        var run = await Emulated.PollAsync(client, await client.CreateThreadAndRunAsync(assistant.Id, new ThreadCreationOptions { InitialMessages = { "Weather?" } }));
        run = await Emulated.PollAsync(client, await client.SubmitToolOutputsToRunAsync(run.ThreadId, run.Id, [new ToolOutput(run.RequiredActions[0].ToolCallId, "cold")]));

        var steps = new List<RunStep>();
        await foreach (var step in client.GetRunStepsAsync(run.ThreadId, run.Id, new RunStepCollectionOptions { Order = RunStepCollectionOrder.Ascending }))
        {
            steps.Add(step);
        }

        Assert.Equal([RunStepKind.ToolCall, RunStepKind.CreatedMessage], steps.Select(s => s.Kind));
        Assert.All(steps, s => Assert.Equal(RunStepStatus.Completed, s.Status));
        var call = Assert.Single(steps[0].Details.ToolCalls);
        Assert.Equal(("get_weather", """{"city":"Oslo"}""", "cold"), (call.FunctionName, call.FunctionArguments, call.FunctionOutput));
        var messages = await Emulated.MessagesAsync(client, run.ThreadId);
        Assert.Equal(messages[^1].Id, steps[1].Details.CreatedMessageId);
    }

    /// <summary>Checks the server-sent event framing line by line: every event is an <c>event:</c> line, one
    /// <c>data:</c> line holding a whole JSON value (or <c>[DONE]</c>) and a blank line.</summary>
    private static List<string> EventNames(string sse)
    {
        Assert.EndsWith("\n\n", sse, StringComparison.Ordinal);
        var names = new List<string>();
        foreach (var block in sse[..^2].Split("\n\n"))
        {
            var lines = block.Split('\n');
            Assert.True(lines.Length == 2, $"An event of {lines.Length} lines: {block}");
            Assert.StartsWith("event: ", lines[0], StringComparison.Ordinal);
            Assert.StartsWith("data: ", lines[1], StringComparison.Ordinal);
            var data = lines[1]["data: ".Length..];
            if (data != "[DONE]")
            {
                using var _ = System.Text.Json.JsonDocument.Parse(data);
            }

            names.Add(lines[0]["event: ".Length..]);
        }

        return names;
    }

    [Fact]
    public async Task A_pretty_printed_code_interpreter_tool_in_the_request_does_not_break_the_event_lines_of_a_stream()
    {
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = new ScriptedModel(ModelTurn.Reply("Done.")) });
        using var http = Emulated.Http(emulator);
        using var created = await http.PostAsync("assistants", new System.Net.Http.StringContent("""{"model":"gpt-4o"}""", System.Text.Encoding.UTF8, "application/json"));
        using var assistant = System.Text.Json.JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var body = $$"""
            {
              "assistant_id": "{{assistant.RootElement.GetProperty("id").GetString()}}",
              "stream": true,
              "tools": [
                {
                  "type": "code_interpreter"
                }
              ],
              "thread": {
                "messages": [
                  {
                    "role": "user",
                    "content": "Hi",
                    "attachments": [
                      {
                        "file_id": "file-abc",
                        "tools": [ { "type": "code_interpreter" } ]
                      }
                    ]
                  }
                ]
              }
            }
            """;

        using var response = await http.PostAsync("threads/runs", new System.Net.Http.StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var sse = await response.Content.ReadAsStringAsync();

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var names = EventNames(sse);
        Assert.Equal("thread.created", names[0]);
        Assert.Contains("thread.run.completed", names);
        Assert.Equal("done", names[^1]);
    }
}
