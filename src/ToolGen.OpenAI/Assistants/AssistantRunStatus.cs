namespace ToolGen.OpenAI;

/// <summary>How an Assistants run ended, as <see cref="AssistantRunner"/> reports it. Every value but
/// <see cref="ToolRoundLimit"/> is one of the API's terminal run statuses
/// (<see href="https://platform.openai.com/docs/assistants/how-it-works/run-lifecycle">run lifecycle</see>).</summary>
public enum AssistantRunStatus
{
    /// <summary><c>completed</c>: the run finished; <see cref="AssistantRunOutcome.Reply"/> holds the assistant's reply.</summary>
    Completed,

    /// <summary><c>failed</c>: the run failed; <see cref="AssistantRunOutcome.LastError"/> holds the API's
    /// <c>last_error</c>.</summary>
    Failed,

    /// <summary><c>expired</c>: the run passed its <c>expires_at</c> (tool outputs were not submitted in time, or the
    /// run took too long).</summary>
    Expired,

    /// <summary><c>cancelled</c>: someone cancelled the run.</summary>
    Cancelled,

    /// <summary><c>incomplete</c>: the run ended early; <see cref="AssistantRunOutcome.IncompleteReason"/> says why
    /// (e.g. <c>max_completion_tokens</c>).</summary>
    Incomplete,

    /// <summary><c>tool_round_limit</c>: the run asked for tools more often than
    /// <see cref="AssistantRunnerOptions.MaxToolRounds"/> allows, so the runner cancelled it.
    /// <see cref="AssistantRunOutcome.RunStatus"/> holds the status the run reached after the cancellation.</summary>
    ToolRoundLimit,
}
