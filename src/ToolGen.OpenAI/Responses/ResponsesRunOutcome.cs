using OpenAI.Responses;

namespace ToolGen.OpenAI;

/// <summary>The result of driving one Responses API conversation to its end with <see cref="ResponsesRunner"/>.</summary>
public sealed class ResponsesRunOutcome
{
    /// <summary>How the conversation ended.</summary>
    public required ResponsesRunStatus Status { get; init; }

    /// <summary>The last response's <c>status</c> exactly as the API spells it (<c>completed</c>, <c>failed</c>,
    /// <c>incomplete</c>, <c>cancelled</c>; <c>completed</c> after <see cref="ResponsesRunStatus.ToolRoundLimit"/>).</summary>
    public required string ResponseStatus { get; init; }

    /// <summary>The last response's id (<c>resp_…</c>): pass it as <c>previous_response_id</c> to continue the
    /// conversation on a stored response.</summary>
    public required string ResponseId { get; init; }

    /// <summary>The text of the last response's <c>output_text</c> parts (the SDK's
    /// <see cref="ResponseResult.GetOutputText"/>), or <see langword="null"/> when it has none. After
    /// <see cref="ResponsesRunStatus.Incomplete"/> it is the text produced before the cut.</summary>
    public string? Reply { get; init; }

    /// <summary>The response's <c>error</c> when <see cref="Status"/> is <see cref="ResponsesRunStatus.Failed"/>;
    /// otherwise <see langword="null"/>.</summary>
    public ResponsesRunError? Error { get; init; }

    /// <summary>The response's <c>incomplete_details.reason</c> when <see cref="Status"/> is
    /// <see cref="ResponsesRunStatus.Incomplete"/> (<c>max_output_tokens</c> or <c>content_filter</c>); otherwise
    /// <see langword="null"/>.</summary>
    public string? IncompleteReason { get; init; }

    /// <summary>Every function call the model made and the output sent back for it, in the order of the rounds and,
    /// within a round, of the calls. <see cref="ToolCall.Id"/> is the item's <c>call_id</c>.</summary>
    public required IReadOnlyList<ToolCallExchange> ToolCalls { get; init; }

    /// <summary>How many rounds of function outputs were sent.</summary>
    public required int ToolRounds { get; init; }

    /// <summary>The whole conversation as input items, ready to send again (for example with <c>store: false</c>): the
    /// caller's input items, then each response's output items followed by the <c>function_call_output</c> items sent
    /// for it, ending with the last response's output items. After <see cref="ResponsesRunStatus.ToolRoundLimit"/> or
    /// <see cref="ResponsesRunStatus.Incomplete"/> the last response's function calls have no outputs, and the API
    /// rejects a <c>function_call</c> input item without its <c>function_call_output</c>: answer or drop them before
    /// sending the list again.</summary>
    public required IReadOnlyList<ResponseItem> Items { get; init; }

    /// <summary>The last response as the API returned it.</summary>
    public required ResponseResult Response { get; init; }

    /// <summary>Tokens used, summed over every response of the conversation.</summary>
    public required TokenUsage Usage { get; init; }

    /// <summary>Whether <see cref="Status"/> is <see cref="ResponsesRunStatus.Completed"/>.</summary>
    public bool IsCompleted => Status == ResponsesRunStatus.Completed;
}

/// <summary>A response's <c>error</c>.</summary>
/// <param name="Code">The error code as the API spells it, e.g. <c>server_error</c>, <c>rate_limit_exceeded</c>,
/// <c>invalid_prompt</c>.</param>
/// <param name="Message">The API's description of the error.</param>
public sealed record ResponsesRunError(string Code, string Message);
