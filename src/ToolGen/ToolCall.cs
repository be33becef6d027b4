namespace ToolGen;

/// <summary>
/// One tool call from a model, whatever API it came through: the Assistants API's
/// <c>required_action.submit_tool_outputs.tool_calls[]</c>, a Responses API <c>function_call</c> item or a Chat
/// Completions <c>tool_calls[]</c> entry.
/// </summary>
/// <param name="Id">The call's id (<c>call_…</c>); the result is submitted under it.</param>
/// <param name="Name">The function name the model chose.</param>
/// <param name="Arguments">The arguments exactly as the model sent them: a JSON object as text. An empty or
/// whitespace string means <c>{}</c>.</param>
public readonly record struct ToolCall(string Id, string Name, string Arguments);
