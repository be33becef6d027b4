using ToolGen.Benchmarks.Dispatch;
using ToolGen.Emulator;

namespace ToolGen.Benchmarks.Loop;

/// <summary>
/// The emulated model of the loop benchmarks, the same for every conversation, so a benchmark can repeat one: asked
/// <see cref="OneCall"/> it calls <c>get_weather</c> once; asked <see cref="TenCalls"/> it calls <c>pause</c> ten times
/// in one turn (parallel tool calls); once outputs arrived it replies <c>tool said: </c> followed by the first output.
/// </summary>
internal sealed class LoopModel : IEmulatedModel
{
    /// <summary>The question that makes one <c>get_weather</c> call.</summary>
    public const string OneCall = "weather";

    /// <summary>The question that makes ten <c>pause</c> calls in one round.</summary>
    public const string TenCalls = "ten pauses";

    /// <summary>The reply after <c>get_weather</c> ran.</summary>
    public const string WeatherReply = "tool said: " + BenchTools.WeatherOutput;

    private static readonly ModelTurn Weather = ModelTurn.CallTools(new EmulatedToolCall("get_weather", BenchTools.WeatherArguments));
    private static readonly ModelTurn Pauses = ModelTurn.CallTools(Enumerable.Repeat(new EmulatedToolCall("pause", "{}"), 10).ToArray());

    public ValueTask<ModelTurn> NextTurnAsync(ModelRequest request, CancellationToken cancellationToken)
        => ValueTask.FromResult(request.Conversation[^1] switch
        {
            ToolCallItem answered => ModelTurn.Reply("tool said: " + answered.Output),
            UserMessageItem { Text: TenCalls } => Pauses,
            _ => Weather,
        });
}

/// <summary><c>pause()</c>: a tool that takes 100 ms, as a tool waiting on a network call does.</summary>
public static partial class PauseTools
{
    /// <summary>Waits 100 ms.</summary>
    /// <param name="cancellationToken">Stops the wait.</param>
    /// <returns><c>paused</c>.</returns>
    [AssistantTool]
    public static async Task<string> Pause(CancellationToken cancellationToken)
    {
        await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        return "paused";
    }
}
