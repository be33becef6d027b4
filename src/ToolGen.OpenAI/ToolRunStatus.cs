namespace ToolGen.OpenAI;

/// <summary>How a runner's tool loop ended, the same for every API (<see cref="AssistantRunner"/>,
/// <see cref="ResponsesRunner"/>, <see cref="ChatRunner"/>). <see cref="ToolRunOutcome.ApiStatus"/> keeps the API's own
/// word for it.</summary>
public enum ToolRunStatus
{
    /// <summary>The model answered: an Assistants run <c>completed</c>, a response <c>completed</c> without function
    /// calls, a chat completion with <c>finish_reason</c> <c>stop</c>. <see cref="ToolRunOutcome.Reply"/> holds the
    /// answer.</summary>
    Completed,

    /// <summary>The API reported a failure: a <c>failed</c> run or response. <see cref="ToolRunOutcome.Error"/> holds
    /// its <c>last_error</c> / <c>error</c>.</summary>
    Failed,

    /// <summary>The answer was cut short: an <c>incomplete</c> run or response, or a chat completion that finished with
    /// <c>length</c> or <c>content_filter</c>. <see cref="ToolRunOutcome.IncompleteReason"/> says why
    /// (<c>max_completion_tokens</c>, <c>max_output_tokens</c>, <c>length</c>, <c>content_filter</c>, …). Tool calls
    /// in such a turn are not run: their arguments may be cut off.</summary>
    Incomplete,

    /// <summary>The run or response was cancelled: by someone else on the server, or because the caller's
    /// <see cref="CancellationToken"/> was cancelled (the loop then cancels the run on the server, best effort, and
    /// returns this instead of throwing).</summary>
    Cancelled,

    /// <summary>An Assistants run passed its <c>expires_at</c> (<c>expired</c>).</summary>
    Expired,

    /// <summary>The model asked for tools once more after <see cref="ToolRunnerOptions.MaxToolRounds"/> rounds. Those
    /// calls were not run; an Assistants run was cancelled.</summary>
    ToolRoundLimit,

    /// <summary>The model asked for tools once more after <see cref="ToolRunnerOptions.MaxConsecutiveFailedRounds"/>
    /// rounds in a row in which every call failed. Those calls were not run; an Assistants run was cancelled.</summary>
    ToolErrorLimit,
}
