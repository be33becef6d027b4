using System.ClientModel;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenAI.Chat;

namespace ToolGen.OpenAI;

/// <summary>
/// Drives a Chat Completions conversation over the official SDK's <see cref="ChatClient"/> until the model answers,
/// running every tool call it makes with the tools of a <see cref="ToolSet"/>.
/// </summary>
/// <remarks>
/// <para>The loop is the one OpenAI's function-calling guide describes
/// (<see href="https://platform.openai.com/docs/guides/function-calling">function calling</see>): a completion with
/// <c>finish_reason: "tool_calls"</c> carries <c>message.tool_calls[]</c> (<c>id</c>, <c>function.name</c>,
/// <c>function.arguments</c>); the client appends that assistant message to the conversation, then one
/// <c>{"role":"tool","tool_call_id","content"}</c> message per call, and asks again. Every OpenAI-compatible server
/// speaks this.</para>
/// <para>The runner adds the tool set's functions as <c>tools</c> (see <see cref="OpenAIToolConversions.ToChatTool"/>)
/// unless the caller's options already list tools or legacy <c>functions</c>; runs every call of a round concurrently
/// through <see cref="ToolRound"/>, within the limits of <see cref="ChatRunnerOptions.ToolRound"/>, and appends the outputs
/// in call order; and stops on any other finish reason or after
/// <see cref="ChatRunnerOptions.MaxToolRounds"/> rounds. Tool calls are also answered when a compatible server reports
/// them with <c>finish_reason: "stop"</c>; they are not run after <c>length</c> or <c>content_filter</c>, whose
/// arguments may be cut off. The deprecated <c>functions</c> / <c>function_call</c> form is answered with a
/// <c>role: function</c> message. A model's mistake (bad arguments, an unknown tool) is sent back as an error output
/// and the conversation goes on.</para>
/// <para><see cref="RunStreamingAsync"/> and <see cref="AskStreamingAsync"/> stream each completion and report its text
/// as <see cref="ChatTextDelta"/> events while it is generated; otherwise they behave exactly like
/// <see cref="RunAsync"/> and <see cref="AskAsync"/>.</para>
/// <para>The caller's messages and options are not changed: the runner works on its own list and on a copy of the
/// options. An instance holds no per-conversation state: it may drive several conversations, also concurrently.</para>
/// </remarks>
public sealed class ChatRunner
{
    private static readonly Action<ILogger, int, string, string, Exception?> LogCompletion =
        LoggerMessage.Define<int, string, string>(LogLevel.Debug, new EventId(1, "ChatCompletionReceived"),
            "Round {Round}: completion {CompletionId} finished with {FinishReason}");

    private static readonly Action<ILogger, int, int, Exception?> LogRound =
        LoggerMessage.Define<int, int>(LogLevel.Information, new EventId(2, "ToolRound"),
            "Round {Round}: sending {Count} tool outputs");

    private static readonly Action<ILogger, int, Exception?> LogRoundLimit =
        LoggerMessage.Define<int>(LogLevel.Warning, new EventId(4, "ToolRoundLimit"),
            "The model asked for tools after {Rounds} rounds, the limit; stopping without running them");

    private readonly ChatClient _client;
    private readonly ToolSet _tools;
    private readonly ChatRunnerOptions _options;
    private readonly ILogger _logger;
    private readonly ToolRoundOptions _roundOptions;

    /// <summary>Creates a runner.</summary>
    /// <param name="client">The SDK client the completions are requested through; it names the model.</param>
    /// <param name="tools">The tools that answer the model's tool calls, and that are offered to the model unless the
    /// caller's options list tools themselves.</param>
    /// <param name="options">Limits and events; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> or <paramref name="tools"/> is
    /// <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="ChatRunnerOptions.MaxToolRounds"/> is negative.</exception>
    public ChatRunner(ChatClient client, ToolSet tools, ChatRunnerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(tools);
        options ??= new ChatRunnerOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxToolRounds, nameof(options));
        _client = client;
        _tools = tools;
        _options = options;
        _logger = options.Logger ?? NullLogger.Instance;
        _roundOptions = (options.ToolRound ?? ToolRoundOptions.Default).WithFallbackLogger(options.Logger);
    }

    /// <summary>Sends one user message and drives the conversation to the model's answer: the shortest way to ask
    /// something.</summary>
    /// <param name="userMessage">The user's message text.</param>
    /// <param name="options">Request settings sent with every completion request (temperature, <c>tool_choice</c>,
    /// …), or <see langword="null"/>. Not changed.</param>
    /// <param name="cancellationToken">Stops the conversation; no request is sent after it is cancelled.</param>
    /// <returns>How the conversation ended; <see cref="ChatRunOutcome.Reply"/> is the answer when it completed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="userMessage"/> is <see langword="null"/>.</exception>
    /// <exception cref="ClientResultException">The API refused a request or could not be reached.</exception>
    /// <exception cref="InvalidOperationException">A completion reported <c>finish_reason: "tool_calls"</c> (or
    /// <c>"function_call"</c>) without any call.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<ChatRunOutcome> AskAsync(
        string userMessage,
        ChatCompletionOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userMessage);
        return RunAsync([new UserChatMessage(userMessage)], options, cancellationToken);
    }

    /// <summary>Drives a conversation to the model's answer, starting from <paramref name="messages"/>.</summary>
    /// <param name="messages">The conversation so far (system, user, and earlier assistant and tool messages); at
    /// least one. Not changed: the outcome's <see cref="ChatRunOutcome.Messages"/> is the continued copy.</param>
    /// <param name="options">Request settings sent with every completion request, or <see langword="null"/>. When its
    /// <see cref="ChatCompletionOptions.Tools"/> and <see cref="ChatCompletionOptions.Functions"/> are empty the tool
    /// set's functions are offered; otherwise the listed ones are sent as they are. Not changed.</param>
    /// <param name="cancellationToken">Stops the conversation; no request is sent after it is cancelled.</param>
    /// <returns>How the conversation ended.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="messages"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="messages"/> is empty.</exception>
    /// <exception cref="ClientResultException">The API refused a request or could not be reached.</exception>
    /// <exception cref="InvalidOperationException">A completion reported <c>finish_reason: "tool_calls"</c> (or
    /// <c>"function_call"</c>) without any call.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<ChatRunOutcome> RunAsync(
        IEnumerable<ChatMessage> messages,
        ChatCompletionOptions? options = null,
        CancellationToken cancellationToken = default)
        => Start(messages, options, streaming: false, cancellationToken);

    /// <summary>Sends one user message and drives the conversation to the model's answer like <see cref="AskAsync"/>,
    /// streaming every completion: its text arrives as <see cref="ChatTextDelta"/> events while it is
    /// generated.</summary>
    /// <param name="userMessage">The user's message text.</param>
    /// <param name="options">Request settings sent with every completion request, or <see langword="null"/>. Not
    /// changed.</param>
    /// <param name="cancellationToken">Stops the conversation (also in the middle of a stream); no request is sent
    /// after it is cancelled.</param>
    /// <returns>How the conversation ended, exactly as <see cref="AskAsync"/> reports it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="userMessage"/> is <see langword="null"/>.</exception>
    /// <exception cref="ClientResultException">The API refused a request or could not be reached.</exception>
    /// <exception cref="InvalidOperationException">A stream ended without a <c>finish_reason</c>, or a completion
    /// reported <c>finish_reason: "tool_calls"</c> (or <c>"function_call"</c>) without any call.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<ChatRunOutcome> AskStreamingAsync(
        string userMessage,
        ChatCompletionOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userMessage);
        return RunStreamingAsync([new UserChatMessage(userMessage)], options, cancellationToken);
    }

    /// <summary>Drives a conversation like <see cref="RunAsync"/>, but streams every completion (<c>"stream":
    /// true</c>, server-sent <c>chat.completion.chunk</c> events): its text arrives as <see cref="ChatTextDelta"/>
    /// events while it is generated, and the chunks are assembled into the completion the request would have returned
    /// without streaming, so the outcome and the other events are the same.</summary>
    /// <param name="messages">The conversation so far; at least one. Not changed.</param>
    /// <param name="options">Request settings sent with every completion request, or <see langword="null"/>; as for
    /// <see cref="RunAsync"/>. Not changed.</param>
    /// <param name="cancellationToken">Stops the conversation (also in the middle of a stream); no request is sent
    /// after it is cancelled.</param>
    /// <returns>How the conversation ended.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="messages"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="messages"/> is empty.</exception>
    /// <exception cref="ClientResultException">The API refused a request or could not be reached.</exception>
    /// <exception cref="InvalidOperationException">A stream ended without a <c>finish_reason</c>, or a completion
    /// reported <c>finish_reason: "tool_calls"</c> (or <c>"function_call"</c>) without any call.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<ChatRunOutcome> RunStreamingAsync(
        IEnumerable<ChatMessage> messages,
        ChatCompletionOptions? options = null,
        CancellationToken cancellationToken = default)
        => Start(messages, options, streaming: true, cancellationToken);

    private Task<ChatRunOutcome> Start(
        IEnumerable<ChatMessage> messages,
        ChatCompletionOptions? options,
        bool streaming,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var conversation = messages.ToList();
        if (conversation.Count == 0)
        {
            throw new ArgumentException("A conversation needs at least one message.", nameof(messages));
        }

        return new Conversation(this, conversation, PrepareRequest(options), streaming).DriveAsync(cancellationToken);
    }

    private ChatCompletionOptions PrepareRequest(ChatCompletionOptions? options)
    {
        var request = options is null ? new ChatCompletionOptions() : RequestCopy.Of(options);
#pragma warning disable CS0618 // Legacy "functions" the caller set are honoured, for servers that only speak them.
        var hasLegacyFunctions = request.Functions.Count > 0;
#pragma warning restore CS0618
        if (request.Tools.Count == 0 && !hasLegacyFunctions)
        {
            foreach (var definition in _tools.Definitions)
            {
                request.Tools.Add(definition.ToChatTool());
            }
        }

        return request;
    }

    /// <summary>The state of driving one conversation.</summary>
    private sealed class Conversation(ChatRunner runner, List<ChatMessage> messages, ChatCompletionOptions request, bool streaming)
    {
        private readonly List<ToolCallExchange> _exchanges = [];
        private TokenUsage _usage;
        private int _rounds;

        public async Task<ChatRunOutcome> DriveAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var completion = await CompleteAsync(cancellationToken).ConfigureAwait(false);
                if (completion.Usage is { } usage)
                {
                    _usage += new TokenUsage(usage.InputTokenCount, usage.OutputTokenCount, usage.TotalTokenCount);
                }

                LogCompletion(runner._logger, _rounds + 1, completion.Id ?? "", FinishReasonText(completion.FinishReason), null);
                await RaiseAsync(new ChatCompletionReceived(_rounds + 1, completion)).ConfigureAwait(false);

                var (calls, legacy) = CallsOf(completion);
                if (calls is null)
                {
                    // Calls that are not run (cut off by "length" or "content_filter") leave the message: the API
                    // rejects an assistant message whose tool calls no tool message answers, and one with neither
                    // content nor tool calls (a filtered answer).
                    var final = new AssistantChatMessage(completion);
                    final.ToolCalls.Clear();
#pragma warning disable CS0618 // The legacy counterpart of tool_calls must be answered the same way.
                    final.FunctionCall = null;
#pragma warning restore CS0618
                    if (final.Content.Count > 0 || final.Refusal is not null)
                    {
                        messages.Add(final);
                    }

                    return Finish(completion, limitReached: false);
                }

                if (_rounds >= runner._options.MaxToolRounds)
                {
                    LogRoundLimit(runner._logger, _rounds, null);
                    return Finish(completion, limitReached: true);
                }

                await AnswerAsync(completion, calls, legacy, cancellationToken).ConfigureAwait(false);
            }
        }

        private async Task<ChatCompletion> CompleteAsync(CancellationToken cancellationToken)
        {
            if (!streaming)
            {
                return await runner._client.CompleteChatAsync(messages, request, cancellationToken).ConfigureAwait(false);
            }

            var streamed = new StreamedCompletion();
            var updates = runner._client.CompleteChatStreamingAsync(messages, request, cancellationToken);
            await foreach (var update in updates.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                var text = streamed.Add(update);
                if (text.Length > 0)
                {
                    await RaiseAsync(new ChatTextDelta(_rounds + 1, text)).ConfigureAwait(false);
                }
            }

            return streamed.ToCompletion();
        }

        /// <summary>The calls a completion asks the client to run, or <see langword="null"/> when it is the end of
        /// the conversation.</summary>
        private (List<ToolCall>? Calls, bool Legacy) CallsOf(ChatCompletion completion)
        {
            var reason = completion.FinishReason;
            if (reason == ChatFinishReason.FunctionCall)
            {
#pragma warning disable CS0618 // A server that was sent legacy "functions" answers with a legacy "function_call".
                var function = completion.FunctionCall
#pragma warning restore CS0618
                    ?? throw new InvalidOperationException(
                        $"Completion '{completion.Id}' finished with function_call but carries no function call.");
                var id = "function_call_" + (_rounds + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return ([new ToolCall(id, function.FunctionName ?? "", function.FunctionArguments?.ToString() ?? "")], true);
            }

            var toolCalls = completion.ToolCalls;
            var hasCalls = toolCalls is { Count: > 0 };
            if (reason == ChatFinishReason.ToolCalls && !hasCalls)
            {
                throw new InvalidOperationException(
                    $"Completion '{completion.Id}' finished with tool_calls but carries no tool calls.");
            }

            // Some compatible servers report tool calls with "stop"; after "length" or "content_filter" the arguments
            // may be cut off, so those calls are not run.
            if (!hasCalls || (reason != ChatFinishReason.ToolCalls && reason != ChatFinishReason.Stop))
            {
                return (null, false);
            }

            var calls = new List<ToolCall>(toolCalls!.Count);
            for (var i = 0; i < toolCalls.Count; i++)
            {
                var call = toolCalls[i];

                // Some compatible servers send calls without an id; a made-up one pairs the call with its output.
                var id = string.IsNullOrEmpty(call.Id) ? MadeUpCallId(_rounds + 1, i) : call.Id;
                calls.Add(new ToolCall(id, call.FunctionName ?? "", call.FunctionArguments?.ToString() ?? ""));
            }

            return (calls, false);
        }

        private async Task AnswerAsync(ChatCompletion completion, List<ToolCall> calls, bool legacy, CancellationToken cancellationToken)
        {
            _rounds++;
            var results = await ToolRound.RunAsync(runner._tools, calls, runner._roundOptions, cancellationToken).ConfigureAwait(false);

            // Tools need not observe the token; a caller who cancelled meanwhile does not want the conversation to go on.
            cancellationToken.ThrowIfCancellationRequested();
            messages.Add(AssistantMessageOf(completion, calls, legacy));
            for (var i = 0; i < calls.Count; i++)
            {
                _exchanges.Add(new ToolCallExchange(_rounds, calls[i], results[i]));
#pragma warning disable CS0618 // A legacy "function_call" is answered the legacy way, with a role: function message.
                messages.Add(legacy
                    ? new FunctionChatMessage(calls[i].Name, results[i].Output)
                    : new ToolChatMessage(calls[i].Id, results[i].Output));
#pragma warning restore CS0618
                await RaiseAsync(new ChatToolCallCompleted(_rounds, calls[i], results[i])).ConfigureAwait(false);
            }

            LogRound(runner._logger, _rounds, calls.Count, null);
            if (runner._options.ResetToolChoice)
            {
                request.ToolChoice = null;
#pragma warning disable CS0618 // The legacy counterpart of tool_choice forces calls the same way.
                request.FunctionChoice = null;
#pragma warning restore CS0618
            }
        }

        /// <summary>The assistant message that asked for <paramref name="calls"/>, carrying the ids their tool messages
        /// answer (an id the runner made up for a call that came without one included).</summary>
        private static AssistantChatMessage AssistantMessageOf(ChatCompletion completion, List<ToolCall> calls, bool legacy)
        {
            var message = new AssistantChatMessage(completion);
            if (legacy || calls.Select(c => c.Id).SequenceEqual(completion.ToolCalls.Select(c => c.Id), StringComparer.Ordinal))
            {
                return message;
            }

            message.ToolCalls.Clear();
            foreach (var call in calls)
            {
                message.ToolCalls.Add(ChatToolCall.CreateFunctionToolCall(call.Id, call.Name, BinaryData.FromString(call.Arguments)));
            }

            return message;
        }

        private ChatRunOutcome Finish(ChatCompletion completion, bool limitReached) => new()
        {
            Status = limitReached ? ChatRunStatus.ToolRoundLimit : Classify(completion.FinishReason),
            FinishReason = completion.FinishReason,
            Reply = TextOf(completion),
            Refusal = completion.Refusal,
            ToolCalls = _exchanges.ToArray(),
            ToolRounds = _rounds,
            Messages = messages.ToArray(),
            Completion = completion,
            Usage = _usage,
        };

        private static ChatRunStatus Classify(ChatFinishReason reason) => reason switch
        {
            ChatFinishReason.Length => ChatRunStatus.Length,
            ChatFinishReason.ContentFilter => ChatRunStatus.ContentFilter,

            // "tool_calls" and "function_call" never end a conversation: they are answered, or hit the round limit.
            _ => ChatRunStatus.Completed,
        };

        private static string? TextOf(ChatCompletion completion)
        {
            StringBuilder? text = null;
            foreach (var part in completion.Content)
            {
                if (part.Kind == ChatMessageContentPartKind.Text && part.Text is { } partText)
                {
                    (text ??= new StringBuilder()).Append(partText);
                }
            }

            return text?.ToString();
        }

        private ValueTask RaiseAsync(ChatRunEvent runEvent)
            => runner._options.OnEvent is { } onEvent ? onEvent(runEvent) : ValueTask.CompletedTask;
    }

    /// <summary>The id given to the call at <paramref name="index"/> of round <paramref name="round"/> when the server
    /// sent it without one.</summary>
    internal static string MadeUpCallId(int round, int index)
        => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"toolgen_call_{round}_{index}");

    /// <summary>The finish reason as the API spells it.</summary>
    internal static string FinishReasonText(ChatFinishReason reason) => reason switch
    {
        ChatFinishReason.Stop => "stop",
        ChatFinishReason.Length => "length",
        ChatFinishReason.ContentFilter => "content_filter",
        ChatFinishReason.ToolCalls => "tool_calls",
        ChatFinishReason.FunctionCall => "function_call",
        _ => reason.ToString(),
    };
}
