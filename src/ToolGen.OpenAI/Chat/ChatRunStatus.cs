namespace ToolGen.OpenAI;

/// <summary>How a <see cref="ChatRunner"/> conversation ended. Every value but <see cref="ToolRoundLimit"/> is the
/// <c>finish_reason</c> of the last chat completion
/// (<see href="https://platform.openai.com/docs/api-reference/chat/object">chat completion object</see>).</summary>
public enum ChatRunStatus
{
    /// <summary><c>stop</c>: the model finished its answer; <see cref="ChatRunOutcome.Reply"/> holds it.</summary>
    Completed,

    /// <summary><c>length</c>: the answer was cut off at the token limit (<c>max_completion_tokens</c> or the model's
    /// context); <see cref="ChatRunOutcome.Reply"/> holds the text produced until then. Tool calls in such a completion
    /// are not run: their arguments may be cut off too.</summary>
    Length,

    /// <summary><c>content_filter</c>: the provider's content filter withheld (part of) the answer.</summary>
    ContentFilter,

    /// <summary><c>tool_round_limit</c>: the model asked for tools more often than
    /// <see cref="ChatRunnerOptions.MaxToolRounds"/> allows. The last completion's tool calls were not run;
    /// <see cref="ChatRunOutcome.Completion"/> holds it.</summary>
    ToolRoundLimit,
}
