using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text;
using System.Text.Json.Nodes;
using OpenAI.Assistants;
using ToolGen.Emulator;
using ToolGen.OpenAI.Tests.Suite;

namespace ToolGen.OpenAI.Tests.Loop;

/// <summary>A server that lists one call id twice in a <c>requires_action</c> step gets the tool run once and one
/// output per id; before the one loop the tool ran twice and the submission was refused with 400 "Duplicate tool
/// output".</summary>
public sealed class DuplicateCallIdTests
{
    [Fact]
    public async Task A_call_id_listed_twice_in_one_step_runs_once_and_is_answered_once()
    {
        var model = new ScriptedModel(
            ModelTurn.CallTools(new EmulatedToolCall("get_weather", """{"city":"Paris"}"""), new EmulatedToolCall("get_weather", """{"city":"Oslo"}""")),
            ModelTurn.Reply("Sunny."));
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = model });
        var recorder = new EmulatedAssistant.RequestRecorder();
        var options = new AssistantClientOptions { Endpoint = emulator.Endpoint, RetryPolicy = new ClientRetryPolicy(maxRetries: 0) };
        options.AddPolicy(new DuplicateFirstCall(), PipelinePosition.PerTry);
        options.AddPolicy(recorder, PipelinePosition.PerCall);
        var client = new AssistantClient(new ApiKeyCredential("test"), options);
        var creation = new AssistantCreationOptions();
        foreach (var tool in LoopTools.AssistantTools.ToFunctionToolDefinitions())
        {
            creation.Tools.Add(tool);
        }

        Assistant assistant = await client.CreateAssistantAsync("gpt-4o", creation);
        var tools = new CountingToolSet(LoopTools.AssistantTools);
        var listed = new List<int>();
        var runner = new AssistantRunner(client, tools, new ToolRunnerOptions
        {
            InitialPollInterval = TimeSpan.Zero,
            OnEvent = e =>
            {
                if (e is ToolRunStatusChanged { Status: "requires_action", RawRepresentation: ThreadRun run })
                {
                    listed.Add(run.RequiredActions.Count);
                }

                return ValueTask.CompletedTask;
            },
        });

        var outcome = await runner.AskAsync(assistant.Id, "Weather in Paris and Oslo?");

        Assert.Equal((ToolRunStatus.Completed, "Sunny.", 1), (outcome.Status, outcome.Reply, outcome.ToolRounds));
        Assert.Equal([3], listed);
        Assert.Equal(2, tools.Ran.Count);
        Assert.Equal(2, tools.Ran.Distinct().Count());
        var submission = Assert.Single(recorder.Requests, r => r.Path.EndsWith("/submit_tool_outputs", StringComparison.Ordinal));
        var ids = JsonNode.Parse(submission.Body)!["tool_outputs"]!.AsArray().Select(o => (string)o!["tool_call_id"]!).ToArray();
        Assert.Equal(outcome.ToolCalls.Select(c => c.Call.Id), ids);
    }

    /// <summary>Lists the first call of every <c>requires_action</c> run the server returns twice.</summary>
    private sealed class DuplicateFirstCall : PipelinePolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
            => throw new NotSupportedException();

        public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            await ProcessNextAsync(message, pipeline, currentIndex);
            if (message.Request.Method != "GET" || message.Response is not { Status: 200, ContentStream: { } stream })
            {
                return;
            }

            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer);
            var text = Encoding.UTF8.GetString(buffer.ToArray());
            if (JsonNode.Parse(text) is JsonObject { } run && (string?)run["status"] == "requires_action")
            {
                var calls = run["required_action"]!["submit_tool_outputs"]!["tool_calls"]!.AsArray();
                calls.Add(calls[0]!.DeepClone());
                text = run.ToJsonString();
            }

            message.Response.ContentStream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        }
    }
}
