using System.ClientModel;
using OpenAI.Responses;
using ToolGen.Emulator;

namespace ToolGen.OpenAI.Tests.Loop;

/// <summary>ResponsesRunner end to end against the emulator's Responses endpoint, through the official SDK.</summary>
public sealed class ResponsesEmulatorTests
{
    public static TheoryData<ResponsesContinuation, bool> Continuations => new()
    {
        { ResponsesContinuation.PreviousResponseId, true },
        { ResponsesContinuation.ResendInput, true },
        { ResponsesContinuation.PreviousResponseId, false },
    };

    [Theory]
    [MemberData(nameof(Continuations))]
    public async Task Two_rounds_with_parallel_calls_and_a_failing_tool_reach_the_reply(ResponsesContinuation continuation, bool store)
    {
        var model = new ScriptedModel(
            ModelTurn.CallTools(
                new EmulatedToolCall("get_weather", """{"city":"Paris"}"""),
                new EmulatedToolCall("get_weather", """{"city":"Oslo"}""")),
            ModelTurn.CallTools(new EmulatedToolCall("explode", "{}")),
            ModelTurn.Reply("Sunny in Paris and Oslo; the other tool broke."));
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = model });
        var client = new ResponsesClient(new ApiKeyCredential("test"), new ResponsesClientOptions { Endpoint = emulator.Endpoint });
        var runner = new ResponsesRunner(client, new WeatherTools().AssistantTools, new ToolRunnerOptions { Continuation = continuation });
        var options = new CreateResponseOptions("gpt-4o-mini", [ResponseItem.CreateUserMessageItem("Weather in Paris and Oslo?")])
        {
            Instructions = "Be brief.",
            StoredOutputEnabled = store,
        };

        var outcome = await runner.RunAsync(options);

        Assert.Equal(ToolRunStatus.Completed, outcome.Status);
        Assert.Equal("Sunny in Paris and Oslo; the other tool broke.", outcome.Reply);
        Assert.Equal(2, outcome.ToolRounds);
        Assert.StartsWith("resp_", outcome.Id, StringComparison.Ordinal);
        Assert.Equal(["explode", "get_weather"], model.Requests[0].Tools.Select(t => t.Name));
        Assert.All(model.Requests, r => Assert.Equal("Be brief.", r.Instructions));

        // Whichever way the conversation was continued, the model saw the whole of it with the exact outputs.
        var seen = model.Requests[2].Conversation;
        Assert.Equal(new UserMessageItem("Weather in Paris and Oslo?"), seen[0]);
        var calls = seen.OfType<ToolCallItem>().ToArray();
        Assert.Equal(
            outcome.ToolCalls.Select(c => (c.Call.Id, c.Call.Name, c.Call.Arguments, c.Result.Output)),
            calls.Select(s => (s.CallId, s.Name, s.Arguments, s.Output)));
        Assert.Equal(["Sunny in Paris", "Sunny in Oslo"], calls.Take(2).Select(s => s.Output));
        Assert.Contains("\"tool_failed\"", calls[2].Output, StringComparison.Ordinal);
        Assert.Equal(4, seen.Count);
    }

    [Fact]
    public async Task Streaming_gives_the_same_outcome_and_the_reply_arrives_as_text_deltas()
    {
        var model = new ScriptedModel(
            ModelTurn.CallTools(new EmulatedToolCall("get_weather", """{"city":"Paris"}""")),
            ModelTurn.Reply("It is sunny in Paris today."));
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = model });
        var client = new ResponsesClient(new ApiKeyCredential("test"), new ResponsesClientOptions { Endpoint = emulator.Endpoint });
        var events = new List<ToolRunEvent>();
        var runner = new ResponsesRunner(client, new WeatherTools().AssistantTools, new ToolRunnerOptions
        {
            Streaming = true,
            OnEvent = e =>
            {
                events.Add(e);
                return ValueTask.CompletedTask;
            },
        });

        var outcome = await runner.AskAsync("gpt-4o-mini", "Weather in Paris?");

        Assert.Equal((ToolRunStatus.Completed, "It is sunny in Paris today.", 1), (outcome.Status, outcome.Reply, outcome.ToolRounds));
        var deltas = events.OfType<ToolRunTextDelta>().ToArray();
        Assert.NotEmpty(deltas);
        Assert.All(deltas, d => Assert.Equal(2, d.Round));
        Assert.Equal(outcome.Reply, string.Concat(deltas.Select(d => d.Delta)));
        Assert.IsType<ToolRunStatusChanged>(events[^1]);
        Assert.Equal("Sunny in Paris", model.Requests[1].Conversation.OfType<ToolCallItem>().Single().Output);
    }

    [Fact]
    public async Task The_rule_based_model_calls_the_tool_it_can_fill_and_answers_from_its_output()
    {
        await using var emulator = await OpenAIEmulator.StartAsync();
        var client = new ResponsesClient(new ApiKeyCredential("test"), new ResponsesClientOptions { Endpoint = emulator.Endpoint });
        var runner = new ResponsesRunner(client, new WeatherTools().AssistantTools);

        var outcome = await runner.AskAsync("gpt-4o-mini", "What is the weather? city: Paris");

        Assert.Equal(ToolRunStatus.Completed, outcome.Status);
        var exchange = Assert.Single(outcome.ToolCalls);
        Assert.Equal("get_weather", exchange.Call.Name);
        Assert.Contains("Sunny in", outcome.Reply, StringComparison.Ordinal);
    }
}
