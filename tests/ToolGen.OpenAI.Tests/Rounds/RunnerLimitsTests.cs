using System.ClientModel;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Responses;
using ToolGen.Emulator;

namespace ToolGen.OpenAI.Tests.Rounds;

/// <summary>The round limits set on a runner reach the model through the emulator: a call that ran out of time is
/// answered with a <c>tool_timeout</c> error output, a long output arrives cut, and the other calls are
/// unaffected.</summary>
public sealed class RunnerLimitsTests
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    private const string TimeoutOutput =
        """{"error":{"kind":"tool_timeout","tool":"wait_for_cancel","message":"The tool did not finish within 10 seconds and was stopped. Try again, or use another approach."}}""";

    private const string CutOutput = "xxxxxxxx… [output truncated: 20 characters, limit 8]";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Chat_runner_sends_the_timeout_error_and_the_cut_output_to_the_model(bool streaming)
    {
        var model = new ScriptedModel(
            ModelTurn.CallTools(
                new EmulatedToolCall("wait_for_cancel", "{}"),
                new EmulatedToolCall("read_page", """{"chars":20}""")),
            ModelTurn.Reply("The wait timed out."));
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = model });
        var client = new ChatClient("gpt-4o-mini", new ApiKeyCredential("test"), new OpenAIClientOptions { Endpoint = emulator.Endpoint });
        var (tools, time, logger, options) = Limits();
        var runner = new ChatRunner(client, tools.AssistantTools, new ToolRunnerOptions { ToolRound = options, Logger = logger, Streaming = streaming });

        var run = runner.AskAsync("Wait, then read.");
        await tools.Waiting.WaitAsync(Hang);
        await ReadPageFinishedAsync(logger);
        time.Advance(TimeSpan.FromSeconds(10));
        var outcome = await run.WaitAsync(Hang);

        Assert.Equal((ToolRunStatus.Completed, "The wait timed out."), (outcome.Status, outcome.Reply));
        var seen = model.Requests[1].Conversation.OfType<ToolCallItem>().ToArray();
        Assert.Equal([("wait_for_cancel", TimeoutOutput), ("read_page", CutOutput)], seen.Select(s => (s.Name, s.Output)));
        Assert.Equal(seen.Select(s => s.CallId), outcome.ToolCalls.Select(c => c.Result.CallId));
        Assert.Equal([ToolErrorKind.ToolTimeout, null], outcome.ToolCalls.Select(c => c.Result.ErrorKind));
        AssertTimeoutLogged(logger);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Responses_runner_sends_the_timeout_error_and_the_cut_output_to_the_model(bool streaming)
    {
        var model = new ScriptedModel(
            ModelTurn.CallTools(
                new EmulatedToolCall("wait_for_cancel", "{}"),
                new EmulatedToolCall("read_page", """{"chars":20}""")),
            ModelTurn.Reply("The wait timed out."));
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = model });
        var client = new ResponsesClient(new ApiKeyCredential("test"), new ResponsesClientOptions { Endpoint = emulator.Endpoint });
        var (tools, time, logger, options) = Limits();
        var runner = new ResponsesRunner(client, tools.AssistantTools, new ToolRunnerOptions { ToolRound = options, Logger = logger, Streaming = streaming });

        var run = runner.AskAsync("gpt-4o-mini", "Wait, then read.");
        await tools.Waiting.WaitAsync(Hang);
        await ReadPageFinishedAsync(logger);
        time.Advance(TimeSpan.FromSeconds(10));
        var outcome = await run.WaitAsync(Hang);

        Assert.Equal((ToolRunStatus.Completed, "The wait timed out."), (outcome.Status, outcome.Reply));
        var seen = model.Requests[1].Conversation.OfType<ToolCallItem>().ToArray();
        Assert.Equal([("wait_for_cancel", TimeoutOutput), ("read_page", CutOutput)], seen.Select(s => (s.Name, s.Output)));
        Assert.Equal(seen.Select(s => s.CallId), outcome.ToolCalls.Select(c => c.Result.CallId));
        Assert.Equal([ToolErrorKind.ToolTimeout, null], outcome.ToolCalls.Select(c => c.Result.ErrorKind));
        AssertTimeoutLogged(logger);
    }

    [Fact]
    public void Runners_without_round_options_set_no_limits()
    {
        Assert.Null(new ToolRunnerOptions().ToolRound);
        Assert.Null(new ToolRunnerOptions().ToolRound);
    }

    private static (SlowTools Tools, FakeTimeProvider Time, RecordingLogger Logger, ToolRoundOptions Options) Limits()
    {
        var time = new FakeTimeProvider();
        return (new SlowTools(), time, new RecordingLogger(), new ToolRoundOptions
        {
            CallTimeout = TimeSpan.FromSeconds(10),
            MaxOutputLength = 8,
            TimeProvider = time,
        });
    }

    /// <summary>On a fake clock even the quick call could still be running when the time jumps: it finishes first.</summary>
    private static Task ReadPageFinishedAsync(RecordingLogger logger)
        => logger.WhenAsync(e => e.Event == "ToolCallFinished" && e.Message.Contains("(read_page)", StringComparison.Ordinal)).WaitAsync(Hang);

    /// <summary>The round logs to the runner's logger when its own options name none.</summary>
    private static void AssertTimeoutLogged(RecordingLogger logger)
        => Assert.Contains(logger.Entries, e => e is { Level: LogLevel.Warning, Event: "ToolCallTimedOut" }
            && e.Message.StartsWith("Tool call ", StringComparison.Ordinal)
            && e.Message.Contains("(wait_for_cancel) did not finish within 10 s", StringComparison.Ordinal));
}
