namespace ToolGen.OpenAI;

/// <summary>One tool call a model made during a runner's loop and the result sent back for it. Every runner
/// (<see cref="AssistantRunner"/>, <see cref="ChatRunner"/>, <see cref="ResponsesRunner"/>) reports its calls this way.</summary>
/// <param name="Round">The 1-based round the call belongs to: the Assistants <c>requires_action</c> step, the chat
/// completion or the response that asked for it.</param>
/// <param name="Call">The call as the model made it (<see cref="ToolCall.Arguments"/> is the raw JSON text).</param>
/// <param name="Result">The result; <see cref="ToolResult.Output"/> is exactly the output sent back (a
/// <c>tool_outputs[]</c> entry, a <c>role: tool</c> message, or a <c>function_call_output</c> item).</param>
public sealed record ToolCallExchange(int Round, ToolCall Call, ToolResult Result);
