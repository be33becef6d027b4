using OpenAI.Chat;
using OpenAI.Responses;

namespace ToolGen.OpenAI;

/// <summary>How a runner's tool loop ended: one shape for <see cref="AssistantRunner"/>, <see cref="ResponsesRunner"/>
/// and <see cref="ChatRunner"/>. The members every API has come first; the last ones are one API's own.</summary>
public sealed record ToolRunOutcome
{
    /// <summary>How the loop ended.</summary>
    public required ToolRunStatus Status { get; init; }

    /// <summary>The API's own last status, spelled as on the wire: the run's <c>status</c> (Assistants), the last
    /// response's <c>status</c> (Responses) or the last completion's <c>finish_reason</c> (Chat). Empty when the caller
    /// cancelled before the first answer arrived.</summary>
    public required string ApiStatus { get; init; }

    /// <summary>The id of the last thing the API returned: the run (<c>run_…</c>), the last response (<c>resp_…</c>)
    /// or the last chat completion (<c>chatcmpl-…</c>); <see langword="null"/> when the caller cancelled before the
    /// first answer arrived.</summary>
    public string? Id { get; init; }

    /// <summary>The model's answer text when <see cref="Status"/> is <see cref="ToolRunStatus.Completed"/> (empty when
    /// it answered without text); after <see cref="ToolRunStatus.Incomplete"/> the Responses and Chat APIs give the
    /// text produced before the cut; otherwise <see langword="null"/>. Assistants: the text of the run's assistant
    /// messages, oldest first, joined with a blank line.</summary>
    public string? Reply { get; init; }

    /// <summary>The model's refusal (a Chat <c>refusal</c>), or <see langword="null"/>.</summary>
    public string? Refusal { get; init; }

    /// <summary>The API's error when <see cref="Status"/> is <see cref="ToolRunStatus.Failed"/>; otherwise
    /// <see langword="null"/>.</summary>
    public ToolRunError? Error { get; init; }

    /// <summary>Why the answer was cut short when <see cref="Status"/> is <see cref="ToolRunStatus.Incomplete"/>:
    /// the API's <c>incomplete_details.reason</c>, or the Chat <c>finish_reason</c> (<c>length</c>,
    /// <c>content_filter</c>); otherwise <see langword="null"/>.</summary>
    public string? IncompleteReason { get; init; }

    /// <summary>Every tool call the loop answered and the output sent back for it, in the order of the rounds and,
    /// within a round, of the calls; a call id appears once however often the server listed it.</summary>
    public required IReadOnlyList<ToolCallExchange> ToolCalls { get; init; }

    /// <summary>How many rounds of tool outputs were sent.</summary>
    public required int ToolRounds { get; init; }

    /// <summary>Tokens used: summed over every response or completion (Responses, Chat), or the run's <c>usage</c>
    /// (Assistants, once the run has ended). Zero where the server reported none.</summary>
    public required TokenUsage Usage { get; init; }

    /// <summary>The last object the API returned, for whoever needs the rest: a <c>ThreadRun</c> (Assistants), a
    /// <see cref="ResponseResult"/> (Responses) or a <see cref="ChatCompletion"/> (Chat); <see langword="null"/> when
    /// the caller cancelled before the first answer arrived.</summary>
    public object? RawRepresentation { get; init; }

    /// <summary>Assistants: the thread the run belongs to (<c>thread_…</c>); otherwise <see langword="null"/>.</summary>
    public string? ThreadId { get; init; }

    /// <summary>Chat: the whole conversation, ready to continue: the caller's messages, then for each round the
    /// assistant message with its tool calls followed by one <c>role: tool</c> message per call id, and last the final
    /// assistant message (without tool calls that were not run; left out when it then has neither content nor a
    /// refusal). After a limit the list ends with the last tool outputs sent (the API rejects an assistant message
    /// whose tool calls have no answers). Otherwise <see langword="null"/>.</summary>
    public IReadOnlyList<ChatMessage>? Messages { get; init; }

    /// <summary>Responses: the whole conversation as input items, ready to send again (for example with
    /// <c>store: false</c>): the caller's input items, then each response's output items followed by the
    /// <c>function_call_output</c> items sent for it. After a limit or <see cref="ToolRunStatus.Incomplete"/> the
    /// last response's function calls have no outputs: answer or drop them before sending the list again. Otherwise
    /// <see langword="null"/>.</summary>
    public IReadOnlyList<ResponseItem>? Items { get; init; }

    /// <summary>Whether <see cref="Status"/> is <see cref="ToolRunStatus.Completed"/>.</summary>
    public bool IsCompleted => Status == ToolRunStatus.Completed;
}

/// <summary>An error the API reported: a run's <c>last_error</c> or a response's <c>error</c>.</summary>
/// <param name="Code">The error code as the API spells it, e.g. <c>server_error</c>, <c>rate_limit_exceeded</c>,
/// <c>invalid_prompt</c>.</param>
/// <param name="Message">The API's description of the error.</param>
public sealed record ToolRunError(string Code, string Message);
