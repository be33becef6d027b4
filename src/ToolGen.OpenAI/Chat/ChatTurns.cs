using System.Globalization;
using System.Text;
using OpenAI.Chat;

namespace ToolGen.OpenAI;

/// <summary>Chat Completions behind the tool loop: a turn is one completion; outputs go back as <c>role: tool</c>
/// messages appended to the conversation.</summary>
internal sealed class ChatTurns(ToolLoop loop, ChatClient client, List<ChatMessage> messages, ChatCompletionOptions request) : IModelTurns
{
    public Task<LoopTurn> StartAsync(CancellationToken cancellationToken) => CompleteAsync(cancellationToken);

    public Task<LoopTurn> ContinueAsync(LoopTurn turn, IReadOnlyList<ToolResult> outputs, CancellationToken cancellationToken)
    {
        var completion = (ChatCompletion)turn.Raw;
        var legacy = completion.FinishReason == ChatFinishReason.FunctionCall;
        var calls = outputs.Select(o => turn.Calls.First(c => c.Id == o.CallId)).ToList();
        messages.Add(AssistantMessageOf(completion, calls, legacy));
        for (var i = 0; i < outputs.Count; i++)
        {
#pragma warning disable CS0618 // A legacy "function_call" is answered the legacy way, with a role: function message.
            messages.Add(legacy
                ? new FunctionChatMessage(calls[i].Name, outputs[i].Output)
                : new ToolChatMessage(calls[i].Id, outputs[i].Output));
#pragma warning restore CS0618
        }

        if (loop.Options.ResetToolChoice)
        {
            request.ToolChoice = null;
#pragma warning disable CS0618 // The legacy counterpart of tool_choice forces calls the same way.
            request.FunctionChoice = null;
#pragma warning restore CS0618
        }

        return CompleteAsync(cancellationToken);
    }

    public ToolRunOutcome Complete(ToolRunOutcome outcome) => outcome with { Messages = messages.ToArray() };

    private async Task<LoopTurn> CompleteAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var completion = await RequestAsync(cancellationToken).ConfigureAwait(false);
        var reason = FinishReasonText(completion.FinishReason);
        await loop.StatusAsync(completion.Id ?? "", reason, completion).ConfigureAwait(false);
        var calls = CallsOf(completion);
        if (calls.Count == 0)
        {
            // Calls that are not run (cut off by "length" or "content_filter") leave the message: the API rejects an
            // assistant message whose tool calls no tool message answers, and one with neither content nor tool calls.
            var final = new AssistantChatMessage(completion);
            final.ToolCalls.Clear();
#pragma warning disable CS0618 // The legacy counterpart of tool_calls must be answered the same way.
            final.FunctionCall = null;
#pragma warning restore CS0618
            if (final.Content.Count > 0 || final.Refusal is not null)
            {
                messages.Add(final);
            }
        }

        var incomplete = completion.FinishReason is ChatFinishReason.Length or ChatFinishReason.ContentFilter;
        return new LoopTurn
        {
            Id = completion.Id ?? "",
            ApiStatus = reason,
            Raw = completion,
            Calls = calls,
            Status = incomplete ? ToolRunStatus.Incomplete : ToolRunStatus.Completed,
            IncompleteReason = incomplete ? reason : null,
            Reply = TextOf(completion),
            Refusal = completion.Refusal,
            Usage = completion.Usage is { } usage
                ? new TokenUsage(usage.InputTokenCount, usage.OutputTokenCount, usage.TotalTokenCount)
                : default,
        };
    }

    private async Task<ChatCompletion> RequestAsync(CancellationToken cancellationToken)
    {
        if (!loop.Options.Streaming)
        {
            return await client.CompleteChatAsync(messages, request, cancellationToken).ConfigureAwait(false);
        }

        var streamed = new StreamedCompletion();
        var updates = client.CompleteChatStreamingAsync(messages, request, cancellationToken);
        await foreach (var update in updates.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var text = streamed.Add(update);
            if (text.Length > 0)
            {
                await loop.RaiseAsync(new ToolRunTextDelta(loop.CurrentRound, text)).ConfigureAwait(false);
            }
        }

        return streamed.ToCompletion();
    }

    /// <summary>The calls a completion asks the client to run; empty when it ends the conversation.</summary>
    private List<ToolCall> CallsOf(ChatCompletion completion)
    {
        var reason = completion.FinishReason;
        if (reason == ChatFinishReason.FunctionCall)
        {
#pragma warning disable CS0618 // A server that was sent legacy "functions" answers with a legacy "function_call".
            var function = completion.FunctionCall
#pragma warning restore CS0618
                ?? throw new InvalidOperationException(
                    $"Completion '{completion.Id}' finished with function_call but carries no function call.");
            var id = "function_call_" + loop.CurrentRound.ToString(CultureInfo.InvariantCulture);
            return [new ToolCall(id, function.FunctionName ?? "", function.FunctionArguments?.ToString() ?? "")];
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
            return [];
        }

        var calls = new List<ToolCall>(toolCalls!.Count);
        for (var i = 0; i < toolCalls.Count; i++)
        {
            var call = toolCalls[i];

            // Some compatible servers send calls without an id; a made-up one pairs the call with its output.
            var id = string.IsNullOrEmpty(call.Id) ? MadeUpCallId(loop.CurrentRound, i) : call.Id;
            calls.Add(new ToolCall(id, call.FunctionName ?? "", call.FunctionArguments?.ToString() ?? ""));
        }

        return calls;
    }

    /// <summary>The assistant message that asked for <paramref name="calls"/> (one per call id), carrying the ids their
    /// tool messages answer (an id the runner made up for a call that came without one included).</summary>
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

    /// <summary>The id given to the call at <paramref name="index"/> of round <paramref name="round"/> when the server
    /// sent it without one.</summary>
    internal static string MadeUpCallId(int round, int index)
        => string.Create(CultureInfo.InvariantCulture, $"toolgen_call_{round}_{index}");

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
