namespace ToolGen.OpenAI;

/// <summary>How a <see cref="ResponsesRunner"/> conversation ended. Every value but <see cref="ToolRoundLimit"/> is the
/// <c>status</c> of the last response
/// (<see href="https://platform.openai.com/docs/api-reference/responses/object">response object</see>).</summary>
public enum ResponsesRunStatus
{
    /// <summary><c>completed</c> with no function call left to answer; <see cref="ResponsesRunOutcome.Reply"/> holds
    /// the model's answer.</summary>
    Completed,

    /// <summary><c>failed</c>: <see cref="ResponsesRunOutcome.Error"/> holds the response's <c>error</c>.</summary>
    Failed,

    /// <summary><c>incomplete</c>: the response ended early; <see cref="ResponsesRunOutcome.IncompleteReason"/> says why
    /// (<c>max_output_tokens</c> or <c>content_filter</c>). Function calls in such a response are not run: their
    /// arguments may be cut off.</summary>
    Incomplete,

    /// <summary><c>cancelled</c>: someone cancelled the response.</summary>
    Cancelled,

    /// <summary><c>tool_round_limit</c>: the model asked for functions more often than
    /// <see cref="ResponsesRunnerOptions.MaxToolRounds"/> allows. The last response's function calls were not run;
    /// <see cref="ResponsesRunOutcome.Response"/> holds it.</summary>
    ToolRoundLimit,
}
