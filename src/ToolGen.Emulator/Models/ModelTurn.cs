namespace ToolGen.Emulator;

/// <summary>
/// What the model does next in a run, chat completion or response. Create with <see cref="CallTools"/>, <see cref="Reply"/>, <see cref="Fail"/>
/// or <see cref="Incomplete"/>.
/// </summary>
public abstract record ModelTurn
{
    private protected ModelTurn()
    {
    }

    /// <summary>Asks the client to run one or more functions, in this order, each with a new <c>call_…</c> id (several
    /// calls are parallel tool calls, answered together): an Assistants run moves to <c>requires_action</c>; a chat
    /// completion carries <c>message.tool_calls</c> with <c>finish_reason: "tool_calls"</c>; a response's
    /// <c>output</c> holds one <c>function_call</c> item per call. With <c>parallel_tool_calls: false</c> only the first
    /// call is made.</summary>
    /// <param name="calls">The calls; at least one.</param>
    /// <returns>The turn.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="calls"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="calls"/> is empty or holds a null call.</exception>
    public static ModelTurn CallTools(params EmulatedToolCall[] calls)
    {
        ArgumentNullException.ThrowIfNull(calls);
        if (calls.Length == 0)
        {
            throw new ArgumentException("A tool-calling turn needs at least one call.", nameof(calls));
        }

        if (Array.Exists(calls, call => call is null))
        {
            throw new ArgumentException("A tool-calling turn cannot hold a null call.", nameof(calls));
        }

        return new ToolCallsTurn(calls.ToArray());
    }

    /// <summary>Replies with this text: the run completes with an assistant message added to the thread; the chat
    /// completion's message has it as <c>content</c> (<c>finish_reason: "stop"</c>); the response's <c>output</c> is one
    /// <c>message</c> item with an <c>output_text</c> part.</summary>
    /// <param name="text">The reply.</param>
    /// <returns>The turn.</returns>
    public static ModelTurn Reply(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new ReplyTurn(text);
    }

    /// <summary>Fails: the run gets status <c>failed</c> with <c>last_error {code, message}</c>; the response gets
    /// status <c>failed</c> with <c>error {code, message}</c> (HTTP 200); a chat completion, which has no status, is
    /// refused with HTTP 500 and OpenAI's error body (<c>type: "server_error"</c>, this code and message). The real
    /// service uses the codes <c>server_error</c>, <c>rate_limit_exceeded</c> and <c>invalid_prompt</c>.</summary>
    /// <param name="code">The <c>last_error.code</c>.</param>
    /// <param name="message">The <c>last_error.message</c>.</param>
    /// <returns>The turn.</returns>
    public static ModelTurn Fail(string code, string message)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        ArgumentNullException.ThrowIfNull(message);
        return new FailTurn(code, message);
    }

    /// <summary>Ends incomplete: the run or response gets status <c>incomplete</c> and
    /// <c>incomplete_details.reason</c> (the service uses <c>max_completion_tokens</c> and <c>max_prompt_tokens</c> for
    /// runs, <c>max_output_tokens</c> and <c>content_filter</c> for responses); a chat completion answers empty
    /// content with <c>finish_reason: "length"</c>.</summary>
    /// <param name="reason">The <c>incomplete_details.reason</c>.</param>
    /// <returns>The turn.</returns>
    public static ModelTurn Incomplete(string reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        return new IncompleteTurn(reason);
    }
}

/// <summary>The model calls functions. See <see cref="ModelTurn.CallTools"/>.</summary>
/// <param name="Calls">The calls, at least one.</param>
public sealed record ToolCallsTurn(IReadOnlyList<EmulatedToolCall> Calls) : ModelTurn;

/// <summary>The model replies and the run completes. See <see cref="ModelTurn.Reply"/>.</summary>
/// <param name="Text">The assistant message text.</param>
public sealed record ReplyTurn(string Text) : ModelTurn;

/// <summary>The run fails. See <see cref="ModelTurn.Fail"/>.</summary>
/// <param name="Code">The <c>last_error.code</c>.</param>
/// <param name="Message">The <c>last_error.message</c>.</param>
public sealed record FailTurn(string Code, string Message) : ModelTurn;

/// <summary>The run ends incomplete. See <see cref="ModelTurn.Incomplete"/>.</summary>
/// <param name="Reason">The <c>incomplete_details.reason</c>.</param>
public sealed record IncompleteTurn(string Reason) : ModelTurn;
