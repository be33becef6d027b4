using OpenAI.Assistants;

namespace ToolGen.OpenAI;

/// <summary>The result of driving one Assistants run to its end with <see cref="AssistantRunner"/>.</summary>
public sealed class AssistantRunOutcome
{
    /// <summary>How the run ended.</summary>
    public required AssistantRunStatus Status { get; init; }

    /// <summary>The run's last status exactly as the API spells it (<c>completed</c>, <c>failed</c>, <c>expired</c>,
    /// <c>cancelled</c>, <c>incomplete</c>; after <see cref="AssistantRunStatus.ToolRoundLimit"/> usually
    /// <c>cancelled</c>).</summary>
    public required string RunStatus { get; init; }

    /// <summary>The thread's id (<c>thread_…</c>).</summary>
    public required string ThreadId { get; init; }

    /// <summary>The run's id (<c>run_…</c>).</summary>
    public required string RunId { get; init; }

    /// <summary>The text of the assistant messages this run created, oldest first, joined with a blank line, when
    /// <see cref="Status"/> is <see cref="AssistantRunStatus.Completed"/>; otherwise <see langword="null"/>. Empty when
    /// the run completed without a text reply.</summary>
    public string? Reply { get; init; }

    /// <summary>The API's <c>last_error</c> when <see cref="Status"/> is <see cref="AssistantRunStatus.Failed"/>;
    /// otherwise <see langword="null"/>.</summary>
    public AssistantRunError? LastError { get; init; }

    /// <summary>The API's <c>incomplete_details.reason</c> when <see cref="Status"/> is
    /// <see cref="AssistantRunStatus.Incomplete"/> (e.g. <c>max_completion_tokens</c>); otherwise <see langword="null"/>.</summary>
    public string? IncompleteReason { get; init; }

    /// <summary>Every tool call the run made and the result submitted for it, in the order of the rounds and, within
    /// a round, of the calls.</summary>
    public required IReadOnlyList<ToolCallExchange> ToolCalls { get; init; }

    /// <summary>How many times tool outputs were submitted (one submission per <c>requires_action</c> step).</summary>
    public required int ToolRounds { get; init; }

    /// <summary>The run as the API last returned it.</summary>
    public required ThreadRun Run { get; init; }

    /// <summary>Whether <see cref="Status"/> is <see cref="AssistantRunStatus.Completed"/>.</summary>
    public bool IsCompleted => Status == AssistantRunStatus.Completed;
}

/// <summary>A run's <c>last_error</c>.</summary>
/// <param name="Code">The error code as the API spells it: <c>server_error</c>, <c>rate_limit_exceeded</c> or
/// <c>invalid_prompt</c>.</param>
/// <param name="Message">The API's description of the error.</param>
public sealed record AssistantRunError(string Code, string Message);
