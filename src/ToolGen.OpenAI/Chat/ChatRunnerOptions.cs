using Microsoft.Extensions.Logging;

namespace ToolGen.OpenAI;

/// <summary>Settings of a <see cref="ChatRunner"/>.</summary>
public sealed class ChatRunnerOptions
{
    /// <summary>How many rounds of tool calls one conversation may run. When the model asks for tools once more, the
    /// runner stops without running them and reports <see cref="ChatRunStatus.ToolRoundLimit"/>. Default 16; 0 stops
    /// at the first tool call.</summary>
    public int MaxToolRounds { get; init; } = 16;

    /// <summary>Whether a <c>tool_choice</c> (or legacy <c>function_call</c>) the caller set is dropped after the first
    /// round of tool outputs, so later requests use the API's default (<c>auto</c>). Default <see langword="true"/>:
    /// a choice that forces a call (<c>required</c>, or a named function) would otherwise make the model call tools
    /// again on every request until <see cref="MaxToolRounds"/> stops it. Set <see langword="false"/> to send the
    /// caller's choice with every request.</summary>
    public bool ResetToolChoice { get; init; } = true;

    /// <summary>The limits every round of tool calls runs within: a timeout per call (a call that runs longer is answered
    /// with a <c>tool_timeout</c> error output), how many calls run at once, and the longest output sent to the model.
    /// Default <see langword="null"/>: no limits (<see cref="ToolRoundOptions.Default"/>). When its
    /// <see cref="ToolRoundOptions.Logger"/> is <see langword="null"/>, each call's duration and outcome are logged to
    /// <see cref="Logger"/>.</summary>
    public ToolRoundOptions? ToolRound { get; init; }

    /// <summary>Called for each <see cref="ChatCompletionReceived"/>, <see cref="ChatToolCallCompleted"/> and, when
    /// streaming, <see cref="ChatTextDelta"/>, awaited
    /// before the runner goes on, on the thread the runner continues on (not a captured synchronization
    /// context).</summary>
    /// <remarks>An exception it throws ends the conversation's driving and propagates to the caller unwrapped; no
    /// request is sent after it, and the conversation so far is not returned (collect it from the events if you need
    /// it).</remarks>
    public Func<ChatRunEvent, ValueTask>? OnEvent { get; init; }

    /// <summary>Where the runner logs completions (debug), tool rounds (information) and the round limit (warning);
    /// none by default.</summary>
    public ILogger? Logger { get; init; }
}
