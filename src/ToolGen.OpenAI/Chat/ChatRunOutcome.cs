using OpenAI.Chat;

namespace ToolGen.OpenAI;

/// <summary>The result of driving one Chat Completions conversation to its end with <see cref="ChatRunner"/>.</summary>
public sealed class ChatRunOutcome
{
    /// <summary>How the conversation ended.</summary>
    public required ChatRunStatus Status { get; init; }

    /// <summary>The <c>finish_reason</c> of the last completion (<see cref="ChatFinishReason.ToolCalls"/> or
    /// <see cref="ChatFinishReason.FunctionCall"/> after <see cref="ChatRunStatus.ToolRoundLimit"/>).</summary>
    public required ChatFinishReason FinishReason { get; init; }

    /// <summary>The text of the last completion (its text content parts joined), or <see langword="null"/> when it
    /// has none (a completion that only calls tools, or a refusal). After <see cref="ChatRunStatus.Length"/> it is
    /// the text produced before the cut.</summary>
    public string? Reply { get; init; }

    /// <summary>The last completion's <c>refusal</c>, when the model refused to answer; otherwise
    /// <see langword="null"/>.</summary>
    public string? Refusal { get; init; }

    /// <summary>Every tool call the model made and the output sent back for it, in the order of the rounds and,
    /// within a round, of the calls. A legacy <c>function_call</c> carries no id; its <see cref="ToolCall.Id"/> is
    /// <c>function_call_</c> followed by the round. A tool call that a compatible server sent without an id (or with an
    /// empty one) gets <c>toolgen_call_{round}_{index}</c> (the 0-based index of the call in its completion), which the
    /// assistant message in <see cref="Messages"/> and its <c>role: tool</c> answer both carry.</summary>
    public required IReadOnlyList<ToolCallExchange> ToolCalls { get; init; }

    /// <summary>How many rounds of tool outputs were sent.</summary>
    public required int ToolRounds { get; init; }

    /// <summary>The whole conversation, ready to continue: the caller's messages, then for each round the assistant
    /// message with its tool calls followed by one <c>role: tool</c> message per call (in call order), and last the
    /// final assistant message (without tool calls that were not run, cut off by <c>length</c> or
    /// <c>content_filter</c>; left out when it then has neither content nor a refusal, as a filtered answer may). After <see cref="ChatRunStatus.ToolRoundLimit"/> the list ends with the last tool
    /// outputs sent (the API rejects an assistant message whose tool calls have no answers); the unanswered
    /// completion is <see cref="Completion"/>.</summary>
    public required IReadOnlyList<ChatMessage> Messages { get; init; }

    /// <summary>The last completion as the API returned it.</summary>
    public required ChatCompletion Completion { get; init; }

    /// <summary>Tokens used, summed over every completion of the conversation.</summary>
    public required TokenUsage Usage { get; init; }

    /// <summary>Whether <see cref="Status"/> is <see cref="ChatRunStatus.Completed"/>.</summary>
    public bool IsCompleted => Status == ChatRunStatus.Completed;
}
