using System.ClientModel;
using OpenAI.Chat;

namespace ToolGen.OpenAI;

/// <summary>
/// Drives a Chat Completions conversation over the official SDK's <see cref="ChatClient"/> until the model answers,
/// running every tool call it makes with the tools of a <see cref="ToolSet"/>: a thin facade over ToolGen's one tool
/// loop (docs/runners.md).
/// </summary>
/// <remarks>
/// <para>The wire is the one OpenAI's function-calling guide describes
/// (<see href="https://platform.openai.com/docs/guides/function-calling">function calling</see>): a completion with
/// <c>finish_reason: "tool_calls"</c> carries <c>message.tool_calls[]</c> (<c>id</c>, <c>function.name</c>,
/// <c>function.arguments</c>); the client appends that assistant message, then one
/// <c>{"role":"tool","tool_call_id","content"}</c> message per call id, and asks again. Every OpenAI-compatible server
/// speaks this.</para>
/// <para>The runner offers the tool set's functions as <c>tools</c> (see <see cref="OpenAIToolConversions.ToChatTool"/>)
/// unless the caller's options already list tools or legacy <c>functions</c>. Tool calls are also answered when a
/// compatible server reports them with <c>finish_reason: "stop"</c>; they are not run after <c>length</c> or
/// <c>content_filter</c> (the outcome is then <see cref="ToolRunStatus.Incomplete"/>). The deprecated
/// <c>functions</c> / <c>function_call</c> form is answered with a <c>role: function</c> message. A call that came
/// without an id gets <c>toolgen_call_{round}_{index}</c>, a legacy <c>function_call</c>
/// <c>function_call_{round}</c>.</para>
/// <para>The caller's messages and options are not changed. An instance holds no per-conversation state: it may drive
/// several conversations, also concurrently.</para>
/// </remarks>
/// <param name="client">Any Chat Completions endpoint: OpenAI's or a compatible server's.</param>
/// <param name="tools">Offered as <c>tools</c> unless a request lists its own, and run for every <c>tool_calls</c>
/// entry.</param>
/// <param name="options">Limits, budgets, streaming and events; <see langword="null"/> takes the defaults.</param>
/// <exception cref="ArgumentNullException">No client, or no tool set.</exception>
/// <exception cref="ArgumentOutOfRangeException">A limit or budget of <paramref name="options"/> is out of
/// range.</exception>
public sealed class ChatRunner(ChatClient client, ToolSet tools, ToolRunnerOptions? options = null)
{
    private readonly RunnerCore<ChatClient> _core = new("chat", client, tools, options);

    /// <summary>Sends one user message and drives the conversation to the model's answer.</summary>
    /// <param name="userMessage">The user's message text.</param>
    /// <param name="options">Request settings sent with every completion request (temperature, <c>tool_choice</c>,
    /// …), or <see langword="null"/>. Not changed.</param>
    /// <param name="cancellationToken">Stops the conversation; the outcome is then
    /// <see cref="ToolRunStatus.Cancelled"/>.</param>
    /// <returns>How the conversation ended; <see cref="ToolRunOutcome.Reply"/> is the answer when it completed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="userMessage"/> is <see langword="null"/>.</exception>
    /// <exception cref="ClientResultException">The API refused a request or could not be reached.</exception>
    /// <exception cref="InvalidOperationException">A completion reported <c>finish_reason: "tool_calls"</c> (or
    /// <c>"function_call"</c>) without any call, or a stream ended without a <c>finish_reason</c>.</exception>
    public Task<ToolRunOutcome> AskAsync(
        string userMessage,
        ChatCompletionOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userMessage);
        return RunAsync([new UserChatMessage(userMessage)], options, cancellationToken);
    }

    /// <summary>Drives a conversation to the model's answer, starting from <paramref name="messages"/>.</summary>
    /// <param name="messages">The conversation so far (system, user, and earlier assistant and tool messages); at
    /// least one. Not changed: the outcome's <see cref="ToolRunOutcome.Messages"/> is the continued copy.</param>
    /// <param name="options">Request settings sent with every completion request, or <see langword="null"/>. When its
    /// <see cref="ChatCompletionOptions.Tools"/> and <see cref="ChatCompletionOptions.Functions"/> are empty the tool
    /// set's functions are offered; otherwise the listed ones are sent as they are. Not changed.</param>
    /// <param name="cancellationToken">Stops the conversation; the outcome is then
    /// <see cref="ToolRunStatus.Cancelled"/>.</param>
    /// <returns>How the conversation ended.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="messages"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="messages"/> is empty.</exception>
    /// <exception cref="ClientResultException">The API refused a request or could not be reached.</exception>
    /// <exception cref="InvalidOperationException">A completion reported <c>finish_reason: "tool_calls"</c> (or
    /// <c>"function_call"</c>) without any call, or a stream ended without a <c>finish_reason</c>.</exception>
    public Task<ToolRunOutcome> RunAsync(
        IEnumerable<ChatMessage> messages,
        ChatCompletionOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var conversation = messages.ToList();
        if (conversation.Count == 0)
        {
            throw new ArgumentException("A conversation needs at least one message.", nameof(messages));
        }

        var request = PrepareRequest(options);
        return _core.RunAsync((loop, client) => new ChatTurns(loop, client, conversation, request), cancellationToken);
    }

    private ChatCompletionOptions PrepareRequest(ChatCompletionOptions? options)
    {
        var request = options is null ? new ChatCompletionOptions() : RequestCopy.Of(options);
#pragma warning disable CS0618 // Legacy "functions" the caller set are honoured, for servers that only speak them.
        var hasLegacyFunctions = request.Functions.Count > 0;
#pragma warning restore CS0618
        if (request.Tools.Count == 0 && !hasLegacyFunctions)
        {
            foreach (var definition in _core.Tools.Definitions)
            {
                request.Tools.Add(definition.ToChatTool());
            }
        }

        return request;
    }
}
