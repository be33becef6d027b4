namespace ToolGen.Emulator;

/// <summary>
/// One entry of a conversation as the model sees it: <see cref="UserMessageItem"/>,
/// <see cref="AssistantMessageItem"/> or <see cref="ToolCallItem"/>.
/// </summary>
public abstract record ConversationItem
{
    private protected ConversationItem()
    {
    }
}

/// <summary>A message with role <c>user</c>; its text parts joined with a blank line.</summary>
/// <param name="Text">The message text.</param>
public sealed record UserMessageItem(string Text) : ConversationItem;

/// <summary>A message with role <c>assistant</c> (a reply of an earlier run, or one the client added).</summary>
/// <param name="Text">The message text.</param>
public sealed record AssistantMessageItem(string Text) : ConversationItem;

/// <summary>A tool call the model made and the output the client submitted for it (Assistants
/// <c>submit_tool_outputs</c>, a Chat <c>tool</c> message, a Responses <c>function_call_output</c>), placed where the
/// output was given.</summary>
/// <param name="CallId">The <c>call_…</c> id (for a deprecated Chat <c>function</c> message, which has none, the
/// function name).</param>
/// <param name="Name">The function name.</param>
/// <param name="Arguments">The arguments JSON text the model sent.</param>
/// <param name="Output">The <c>output</c> string the client submitted, verbatim.</param>
public sealed record ToolCallItem(string CallId, string Name, string Arguments, string Output) : ConversationItem;
