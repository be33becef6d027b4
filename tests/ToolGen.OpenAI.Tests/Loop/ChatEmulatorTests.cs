using System.ClientModel;
using OpenAI;
using OpenAI.Chat;
using ToolGen.Emulator;

namespace ToolGen.OpenAI.Tests.Loop;

/// <summary>ChatRunner end to end against the emulator's Chat Completions endpoint, through the official SDK.</summary>
public sealed class ChatEmulatorTests
{
    [Fact]
    public async Task Two_rounds_with_parallel_calls_and_a_failing_tool_reach_the_reply_and_the_conversation_continues()
    {
        var model = new ScriptedModel(
            ModelTurn.CallTools(
                new EmulatedToolCall("get_weather", """{"city":"Paris"}"""),
                new EmulatedToolCall("get_weather", """{"city":"Oslo"}""")),
            ModelTurn.CallTools(new EmulatedToolCall("explode", "{}")),
            ModelTurn.Reply("Sunny in Paris and Oslo; the other tool broke."),
            ModelTurn.Reply("You are welcome."));
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = model });
        var client = new ChatClient("gpt-4o-mini", new ApiKeyCredential("test"), new OpenAIClientOptions { Endpoint = emulator.Endpoint });
        var runner = new ChatRunner(client, new WeatherTools().AssistantTools);

        var outcome = await runner.RunAsync([new SystemChatMessage("Be brief."), new UserChatMessage("Weather in Paris and Oslo?")]);

        Assert.Equal(ToolRunStatus.Completed, outcome.Status);
        Assert.Equal("Sunny in Paris and Oslo; the other tool broke.", outcome.Reply);
        Assert.Equal(2, outcome.ToolRounds);
        Assert.Equal(["explode", "get_weather"], model.Requests[0].Tools.Select(t => t.Name));
        Assert.Equal("Be brief.", model.Requests[0].Instructions);

        // The model saw every output exactly as the runner reports it, under the ids the emulator gave the calls.
        var seen = model.Requests[2].Conversation.OfType<ToolCallItem>().ToArray();
        Assert.Equal(
            outcome.ToolCalls.Select(c => (c.Call.Id, c.Call.Name, c.Call.Arguments, c.Result.Output)),
            seen.Select(s => (s.CallId, s.Name, s.Arguments, s.Output)));
        Assert.Equal(["Sunny in Paris", "Sunny in Oslo"], seen.Take(2).Select(s => s.Output));
        Assert.Contains("\"tool_failed\"", seen[2].Output, StringComparison.Ordinal);

        // Messages is a valid conversation for the next turn (the emulator checks every tool message answers a call).
        var next = await runner.RunAsync([.. outcome.Messages!, new UserChatMessage("Thanks!")]);

        Assert.Equal("You are welcome.", next.Reply);
        Assert.Equal(
            [new UserMessageItem("Weather in Paris and Oslo?"), .. seen, new AssistantMessageItem(outcome.Reply!), new UserMessageItem("Thanks!")],
            model.Requests[3].Conversation);
    }
}
