using OpenAI.Responses;

namespace ToolGen.OpenAI;

/// <summary>Something that happened while <see cref="ResponsesRunner"/> drove a conversation; delivered to
/// <see cref="ResponsesRunnerOptions.OnEvent"/> in the order it happened.</summary>
/// <param name="Round">The 1-based round: response <c>n</c> asks for the function calls of round <c>n</c>, and the
/// final response's round is one more than the number of tool rounds.</param>
public abstract record ResponsesRunEvent(int Round);

/// <summary>A response arrived. Raised once per <c>POST /responses</c>, before its function calls run.</summary>
/// <param name="Round">The 1-based round this response starts.</param>
/// <param name="Response">The response as the API returned it.</param>
public sealed record ResponseReceived(int Round, ResponseResult Response) : ResponsesRunEvent(Round);

/// <summary>A piece of the model's output text arrived while a response was streamed
/// (<see cref="ResponsesRunner.RunStreamingAsync"/>; an <c>response.output_text.delta</c> event). Raised in the order
/// the pieces arrive, before the response's <see cref="ResponseReceived"/>; the pieces of a response joined are its
/// output text.</summary>
/// <param name="Round">The 1-based round of the response being streamed.</param>
/// <param name="Delta">The new text.</param>
public sealed record ResponseTextDelta(int Round, string Delta) : ResponsesRunEvent(Round);

/// <summary>A function call finished and its output will be sent. Raised for every call of a round, in the order of
/// the calls, after the whole round has run and before the next response is requested.</summary>
/// <param name="Round">The 1-based round the call belongs to.</param>
/// <param name="Call">The call exactly as the model made it: <see cref="ToolCall.Id"/> is the item's <c>call_id</c>,
/// <see cref="ToolCall.Arguments"/> the raw JSON text.</param>
/// <param name="Result">The result; <see cref="ToolResult.Output"/> is exactly the <c>output</c> of the
/// <c>function_call_output</c> item sent back.</param>
public sealed record ResponseToolCallCompleted(int Round, ToolCall Call, ToolResult Result) : ResponsesRunEvent(Round);
