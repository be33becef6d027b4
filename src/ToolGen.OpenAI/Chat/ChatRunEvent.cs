using OpenAI.Chat;

namespace ToolGen.OpenAI;

/// <summary>Something that happened while <see cref="ChatRunner"/> drove a conversation; delivered to
/// <see cref="ChatRunnerOptions.OnEvent"/> in the order it happened.</summary>
/// <param name="Round">The 1-based round: completion <c>n</c> asks for the tool calls of round <c>n</c>, and the
/// final completion's round is one more than the number of tool rounds.</param>
public abstract record ChatRunEvent(int Round);

/// <summary>A chat completion arrived. Raised once per <c>POST /chat/completions</c>, before its tool calls run.</summary>
/// <param name="Round">The 1-based round this completion starts.</param>
/// <param name="Completion">The completion as the API returned it.</param>
public sealed record ChatCompletionReceived(int Round, ChatCompletion Completion) : ChatRunEvent(Round);

/// <summary>A piece of the assistant's text arrived while a completion was streamed
/// (<see cref="ChatRunner.RunStreamingAsync"/>; the <c>delta.content</c> of a chunk). Raised in the order the pieces
/// arrive, before the completion's <see cref="ChatCompletionReceived"/>; the pieces of a completion joined are its
/// text.</summary>
/// <param name="Round">The 1-based round of the completion being streamed.</param>
/// <param name="Delta">The new text.</param>
public sealed record ChatTextDelta(int Round, string Delta) : ChatRunEvent(Round);

/// <summary>A tool call finished and its output will be sent. Raised for every call of a round, in the order of the
/// calls, after the whole round has run and before the next completion is requested.</summary>
/// <param name="Round">The 1-based round the call belongs to.</param>
/// <param name="Call">The call exactly as the model made it (<see cref="ToolCall.Arguments"/> is the raw JSON text).</param>
/// <param name="Result">The result; <see cref="ToolResult.Output"/> is exactly the content of the <c>role: tool</c>
/// message sent back.</param>
public sealed record ChatToolCallCompleted(int Round, ToolCall Call, ToolResult Result) : ChatRunEvent(Round);
