using System.Text;
using OpenAI.Chat;

namespace ToolGen.OpenAI;

/// <summary>Assembles the chunks of a streamed chat completion (<c>chat.completion.chunk</c>) into the
/// <see cref="ChatCompletion"/> the same request would have returned without streaming, so the runner's loop, outcome
/// and events do not depend on whether it streamed.</summary>
/// <remarks>Tool calls arrive in pieces keyed by their <c>index</c>: the first piece carries the id and the function
/// name, later ones append to the arguments text
/// (<see href="https://platform.openai.com/docs/api-reference/chat-streaming/streaming">chat streaming</see>). A piece
/// whose id differs from the id of the call at its index starts a new call, for servers that give every call the same
/// index.</remarks>
internal sealed class StreamedCompletion
{
    private readonly StringBuilder _text = new();
    private readonly StringBuilder _refusal = new();
    private readonly List<ToolCallParts> _toolCalls = [];
    private readonly Dictionary<int, ToolCallParts> _toolCallAtIndex = [];
    private string? _functionName;
    private StringBuilder? _functionArguments;
    private string? _id;
    private string? _model;
    private string? _systemFingerprint;
    private DateTimeOffset _createdAt;
    private ChatFinishReason? _finishReason;
    private ChatTokenUsage? _usage;
    private bool _hasText;

    /// <summary>Adds one chunk and returns the text it adds to the message (empty when none).</summary>
    public string Add(StreamingChatCompletionUpdate update)
    {
        _id ??= update.CompletionId;
        _model ??= update.Model;
        _systemFingerprint ??= update.SystemFingerprint;
        if (_createdAt == default)
        {
            _createdAt = update.CreatedAt;
        }

        _finishReason = update.FinishReason ?? _finishReason;
        _usage = update.Usage ?? _usage;
        if (update.RefusalUpdate is { } refusal)
        {
            _refusal.Append(refusal);
        }

        foreach (var call in update.ToolCallUpdates ?? [])
        {
            // Some compatible servers (Ollama, for one) label every call of a turn with index 0; a piece that brings
            // another id than the call at its index has is a new call, not more of that one.
            if (!_toolCallAtIndex.TryGetValue(call.Index, out var parts)
                || (!string.IsNullOrEmpty(call.ToolCallId) && !string.IsNullOrEmpty(parts.Id) && call.ToolCallId != parts.Id))
            {
                parts = new ToolCallParts(call.Index);
                _toolCalls.Add(parts);
                _toolCallAtIndex[call.Index] = parts;
            }

            parts.Id ??= call.ToolCallId;
            parts.Name ??= call.FunctionName;
            parts.Arguments.Append(call.FunctionArgumentsUpdate?.ToString());
        }

#pragma warning disable CS0618 // A server that was sent legacy "functions" streams a legacy "function_call".
        if (update.FunctionCallUpdate is { } function)
#pragma warning restore CS0618
        {
            _functionName ??= function.FunctionName;
            (_functionArguments ??= new StringBuilder()).Append(function.FunctionArgumentsUpdate?.ToString());
        }

        var added = new StringBuilder();
        foreach (var part in update.ContentUpdate ?? [])
        {
            if (part.Kind == ChatMessageContentPartKind.Text && !string.IsNullOrEmpty(part.Text))
            {
                added.Append(part.Text);
            }
        }

        if (added.Length > 0)
        {
            _hasText = true;
            _text.Append(added);
        }

        return added.ToString();
    }

    /// <summary>The completion the chunks make up.</summary>
    /// <exception cref="InvalidOperationException">No chunk carried a <c>finish_reason</c>: the stream ended early.</exception>
    public ChatCompletion ToCompletion()
    {
        var finishReason = _finishReason
            ?? throw new InvalidOperationException($"The stream of completion '{_id}' ended without a finish_reason.");
        // OrderBy is stable: calls sharing an index keep the order they arrived in.
        var toolCalls = _toolCalls
            .OrderBy(c => c.Index)
            .Select(c => ChatToolCall.CreateFunctionToolCall(c.Id ?? "", c.Name ?? "", BinaryData.FromString(c.Arguments.ToString())))
            .ToArray();
#pragma warning disable CS0618 // The legacy function_call is kept so the runner can answer it the legacy way.
        var functionCall = _functionName is null
            ? null
            : new ChatFunctionCall(_functionName, BinaryData.FromString(_functionArguments?.ToString() ?? ""));
#pragma warning restore CS0618
        return OpenAIChatModelFactory.ChatCompletion(
            id: _id,
            finishReason: finishReason,
            content: _hasText ? new ChatMessageContent(_text.ToString()) : new ChatMessageContent(),
            refusal: _refusal.Length > 0 ? _refusal.ToString() : null,
            toolCalls: toolCalls,
            role: ChatMessageRole.Assistant,
            functionCall: functionCall,
            contentTokenLogProbabilities: null,
            refusalTokenLogProbabilities: null,
            createdAt: _createdAt,
            model: _model,
            systemFingerprint: _systemFingerprint,
            usage: _usage);
    }

    private sealed class ToolCallParts(int index)
    {
        public int Index { get; } = index;

        public string? Id { get; set; }

        public string? Name { get; set; }

        public StringBuilder Arguments { get; } = new();
    }
}
