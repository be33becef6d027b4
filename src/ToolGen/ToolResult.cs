namespace ToolGen;

/// <summary>
/// The outcome of one tool call, ready to submit: the Assistants API's <c>tool_outputs[]</c> entry
/// (<c>tool_call_id</c>, <c>output</c>), a Responses <c>function_call_output</c> item or a Chat <c>role: tool</c> message.
/// </summary>
/// <param name="CallId">The id of the <see cref="ToolCall"/> this answers.</param>
/// <param name="Output">The text the model receives: a <c>string</c> result verbatim, other results as JSON,
/// <c>{"ok":true}</c> for <c>void</c>/<c>Task</c>, or the error object of <see cref="ToolError"/>.</param>
/// <param name="IsError">Whether <see cref="Output"/> is an error object.</param>
public sealed record ToolResult(string CallId, string Output, bool IsError)
{
    /// <summary>The structured error when <see cref="IsError"/> is <see langword="true"/>; otherwise <see langword="null"/>.</summary>
    public ToolError? Error { get; init; }

    /// <summary>The error's kind, or <see langword="null"/> for a normal result.</summary>
    public ToolErrorKind? ErrorKind => Error?.Kind;

    /// <summary>A normal result.</summary>
    /// <param name="callId">The call's id.</param>
    /// <param name="output">The output text.</param>
    /// <returns>The result.</returns>
    public static ToolResult Success(string callId, string output) => new(callId, output, false);

    /// <summary>An error result whose output is <paramref name="error"/> as JSON.</summary>
    /// <param name="callId">The call's id.</param>
    /// <param name="error">What went wrong.</param>
    /// <returns>The result.</returns>
    public static ToolResult Failure(string callId, ToolError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(callId, error.ToJson(), true) { Error = error };
    }
}
