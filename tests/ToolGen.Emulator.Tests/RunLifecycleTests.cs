using OpenAI.Assistants;

namespace ToolGen.Emulator.Tests;

public sealed class RunLifecycleTests
{
    private const string DayParameters = """{"type":"object","properties":{"day_of_week":{"type":"string"}},"required":["day_of_week"]}""";

    [Fact]
    public async Task A_run_goes_through_requires_action_to_completed_with_the_reply_in_the_thread()
    {
        var model = new ScriptedModel(
            ModelTurn.CallTools(new EmulatedToolCall("get_favorite_food", """{"day_of_week":"Thursday"}""")),
            ModelTurn.Reply("On Thursday, eat tacos."));
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = model });
        var client = Emulated.Client(emulator);

        Assistant assistant = await client.CreateAssistantAsync("gpt-4o", new AssistantCreationOptions
        {
            Instructions = "Answer food questions.",
            Tools = { Emulated.Tool("get_favorite_food", DayParameters) },
        });
        ThreadRun run = await client.CreateThreadAndRunAsync(assistant.Id, new ThreadCreationOptions
        {
            InitialMessages = { "What should I eat on Thursday?" },
        });
        Assert.Equal(RunStatus.Queued, run.Status);
        Assert.StartsWith("run_", run.Id, StringComparison.Ordinal);
        Assert.StartsWith("thread_", run.ThreadId, StringComparison.Ordinal);

        run = await client.GetRunAsync(run.ThreadId, run.Id);
        Assert.Equal(RunStatus.InProgress, run.Status);
        run = await client.GetRunAsync(run.ThreadId, run.Id);
        Assert.Equal(RunStatus.RequiresAction, run.Status);
        var action = Assert.Single(run.RequiredActions);
        Assert.Equal("get_favorite_food", action.FunctionName);
        Assert.Equal("""{"day_of_week":"Thursday"}""", action.FunctionArguments);
        Assert.Matches("^call_[A-Za-z0-9]{24}$", action.ToolCallId);

        run = await client.SubmitToolOutputsToRunAsync(run.ThreadId, run.Id, [new ToolOutput(action.ToolCallId, "tacos")]);
        Assert.Equal(RunStatus.Queued, run.Status);
        run = await Emulated.PollAsync(client, run);
        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.NotNull(run.CompletedAt);

        var messages = await Emulated.MessagesAsync(client, run.ThreadId);
        Assert.Equal(["user", "assistant"], messages.Select(m => m.Role.ToString().ToLowerInvariant()));
        Assert.Equal("On Thursday, eat tacos.", messages[1].Content[0].Text);
        Assert.Equal(run.Id, messages[1].RunId);

        // The model saw the instructions, the tool, the question and then the submitted output.
        var second = model.Requests[1];
        Assert.Equal("Answer food questions.", second.Instructions);
        Assert.Equal("get_favorite_food", Assert.Single(second.Tools).Name);
        Assert.Equal(
            [new UserMessageItem("What should I eat on Thursday?"), new ToolCallItem(action.ToolCallId, "get_favorite_food", """{"day_of_week":"Thursday"}""", "tacos")],
            second.Conversation);
    }
}
