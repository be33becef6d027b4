using Microsoft.Extensions.Logging;

namespace ToolGen.OpenAI;

/// <summary>Settings of a <see cref="ResponsesRunner"/>.</summary>
public sealed class ResponsesRunnerOptions
{
    /// <summary>How many rounds of function calls one conversation may run. When the model asks for functions once
    /// more, the runner stops without running them and reports <see cref="ResponsesRunStatus.ToolRoundLimit"/>.
    /// Default 16; 0 stops at the first function call.</summary>
    public int MaxToolRounds { get; init; } = 16;

    /// <summary>How function outputs are sent back. Default <see cref="ResponsesContinuation.PreviousResponseId"/>.</summary>
    public ResponsesContinuation Continuation { get; init; } = ResponsesContinuation.PreviousResponseId;

    /// <summary>Whether a <c>tool_choice</c> the caller set is dropped after the first round of function outputs, so
    /// later requests use the API's default (<c>auto</c>). Default <see langword="true"/>: a choice that forces a call
    /// (<c>required</c>, or a named function) would otherwise make the model call functions again on every request
    /// until <see cref="MaxToolRounds"/> stops it. Set <see langword="false"/> to send the caller's choice with every
    /// request.</summary>
    public bool ResetToolChoice { get; init; } = true;

    /// <summary>The limits every round of function calls runs within: a timeout per call (a call that runs longer is answered
    /// with a <c>tool_timeout</c> error output), how many calls run at once, and the longest output sent to the model.
    /// Default <see langword="null"/>: no limits (<see cref="ToolRoundOptions.Default"/>). When its
    /// <see cref="ToolRoundOptions.Logger"/> is <see langword="null"/>, each call's duration and outcome are logged to
    /// <see cref="Logger"/>.</summary>
    public ToolRoundOptions? ToolRound { get; init; }

    /// <summary>Called for each <see cref="ResponseReceived"/>, <see cref="ResponseToolCallCompleted"/> and, when
    /// streaming, <see cref="ResponseTextDelta"/>, awaited
    /// before the runner goes on, on the thread the runner continues on (not a captured synchronization
    /// context).</summary>
    /// <remarks>An exception it throws ends the conversation's driving and propagates to the caller unwrapped; no
    /// request is sent after it, and the conversation so far is not returned (collect it from the events if you need
    /// it).</remarks>
    public Func<ResponsesRunEvent, ValueTask>? OnEvent { get; init; }

    /// <summary>Where the runner logs responses (debug), tool rounds (information) and the round limit (warning); none
    /// by default.</summary>
    public ILogger? Logger { get; init; }
}
