using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using ToolGen.Emulator;
using ToolGen.OpenAI.Tests.Rounds;

namespace ToolGen.OpenAI.Tests.Loop;

/// <summary><see cref="ToolRunnerOptions.ToolRound"/> reaches the submitted outputs whether the run is polled or
/// streamed: a call that ran out of time is answered with a <c>tool_timeout</c> error output, a long output is cut,
/// and the timeout is logged to the runner's logger.</summary>
public sealed class AssistantRoundLimitsTests
{
    // Only a guard against a hang if the code breaks; the test advances a fake clock and never waits this long.
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Round_limits_shape_the_submitted_outputs_of_polled_and_streamed_runs_alike(bool streaming)
    {
        var model = new ScriptedModel(
            ModelTurn.CallTools(
                new EmulatedToolCall("wait_until_stopped", "{}"),
                new EmulatedToolCall("get_weather", """{"city":"Paris"}""")),
            ModelTurn.Reply("The wait timed out."));
        var tools = new HangingTools();
        await using var assistant = await EmulatedAssistant.StartAsync(model, tools.AssistantTools);
        var time = new FakeTimeProvider();
        var logger = new RecordingLogger();
        var runner = assistant.Runner(tools.AssistantTools, new ToolRunnerOptions
        {
            InitialPollInterval = TimeSpan.Zero,
            Logger = logger,
            Streaming = streaming,
            ToolRound = new ToolRoundOptions { CallTimeout = TimeSpan.FromSeconds(10), MaxOutputLength = 5, TimeProvider = time },
        });

        var run = runner.AskAsync(assistant.AssistantId, "Wait, then tell me the weather.");
        await tools.Waiting.WaitAsync(Hang);

        // get_weather runs concurrently; moving the clock before it finished would time it out too.
        await logger.WhenAsync(e => e.Event == "ToolCallFinished" && e.Message.Contains("(get_weather)", StringComparison.Ordinal)).WaitAsync(Hang);
        time.Advance(TimeSpan.FromSeconds(10));
        var outcome = await run.WaitAsync(Hang);

        Assert.Equal((ToolRunStatus.Completed, "The wait timed out."), (outcome.Status, outcome.Reply));
        Assert.Equal([ToolErrorKind.ToolTimeout, null], outcome.ToolCalls.Select(c => c.Result.ErrorKind));
        var seen = model.Requests[1].Conversation.OfType<ToolCallItem>().ToArray();
        Assert.Equal(outcome.ToolCalls.Select(c => (c.Call.Id, c.Result.Output)), seen.Select(s => (s.CallId, s.Output)));
        Assert.Equal("tool_timeout", JsonDocument.Parse(seen[0].Output).RootElement.GetProperty("error").GetProperty("kind").GetString());
        Assert.StartsWith("Sunny… ", seen[1].Output, StringComparison.Ordinal);
        Assert.Contains("[output truncated: 14 characters, limit 5]", seen[1].Output, StringComparison.Ordinal);
        Assert.Contains(logger.Entries, e => e is { Level: LogLevel.Warning, Event: "ToolCallTimedOut" }
            && e.Message.Contains("(wait_until_stopped)", StringComparison.Ordinal));
    }

    [Fact]
    public void Assistant_runner_without_round_options_sets_no_limits()
        => Assert.Null(new ToolRunnerOptions().ToolRound);
}

/// <summary><c>wait_until_stopped()</c>, which runs until its token is cancelled, and <c>get_weather(city)</c>.</summary>
internal sealed partial class HangingTools
{
    private readonly TaskCompletionSource _waiting = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once <c>wait_until_stopped</c> is running.</summary>
    public Task Waiting => _waiting.Task;

    /// <summary>Waits until it is stopped.</summary>
    /// <param name="cancellationToken">Stops the wait.</param>
    /// <returns>Never returns normally.</returns>
    [AssistantTool]
    public async Task<string> WaitUntilStopped(CancellationToken cancellationToken)
    {
        _waiting.TrySetResult();
        await Task.Delay(Timeout.Infinite, cancellationToken);
        return "unreachable";
    }

    /// <summary>Tells the weather in a city.</summary>
    /// <param name="city">The city's name.</param>
    /// <returns>The weather.</returns>
    [AssistantTool]
    public string GetWeather(string city) => $"Sunny in {city}";
}
