using OpenAI.Responses;

namespace ToolGen.OpenAI;

/// <summary>The Responses API behind the tool loop: a turn is one response; outputs go back as
/// <c>function_call_output</c> items, continuing with <c>previous_response_id</c>, a <c>conversation</c>, or the whole
/// input again.</summary>
internal sealed class ResponsesTurns(ToolLoop loop, ResponsesClient client, CreateResponseOptions request) : IModelTurns
{
    private readonly List<ResponseItem> _items = [.. request.InputItems];

    public Task<LoopTurn> StartAsync(CancellationToken cancellationToken) => CreateAsync(cancellationToken);

    public Task<LoopTurn> ContinueAsync(LoopTurn turn, IReadOnlyList<ToolResult> outputs, CancellationToken cancellationToken)
    {
        var response = (ResponseResult)turn.Raw;
        var items = outputs.Select(o => (ResponseItem)ResponseItem.CreateFunctionCallOutputItem(o.CallId, o.Output)).ToList();
        _items.AddRange(items);
        request.InputItems.Clear();
        if (request.ConversationOptions is not null)
        {
            // The conversation object already holds the input and the response's output items.
            AddAll(request.InputItems, items);
        }
        else if (loop.Options.Continuation == ResponsesContinuation.PreviousResponseId && request.StoredOutputEnabled != false)
        {
            request.PreviousResponseId = response.Id;
            AddAll(request.InputItems, items);
        }
        else
        {
            AddAll(request.InputItems, _items);
        }

        if (loop.Options.ResetToolChoice)
        {
            request.ToolChoice = null;
        }

        return CreateAsync(cancellationToken);
    }

    public ToolRunOutcome Complete(ToolRunOutcome outcome) => outcome with { Items = _items.ToArray() };

    private async Task<LoopTurn> CreateAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var response = await RequestAsync(cancellationToken).ConfigureAwait(false);
        var status = response.Status ?? ResponseStatus.Completed;
        var statusText = StatusText(status);
        await loop.StatusAsync(response.Id ?? "", statusText, response).ConfigureAwait(false);
        _items.AddRange(response.OutputItems);

        var calls = new List<ToolCall>();
        if (status == ResponseStatus.Completed)
        {
            foreach (var item in response.OutputItems)
            {
                if (item is FunctionCallResponseItem call)
                {
                    calls.Add(new ToolCall(call.CallId ?? "", call.FunctionName ?? "", call.FunctionArguments?.ToString() ?? ""));
                }
            }
        }

        var text = response.GetOutputText();
        return new LoopTurn
        {
            Id = response.Id ?? "",
            ApiStatus = statusText,
            Raw = response,
            Calls = calls,
            Status = Classify(response, status),
            Reply = string.IsNullOrEmpty(text) ? null : text,
            Error = response.Error is { } error ? new ToolRunError(error.Code.ToString(), error.Message ?? "") : null,
            IncompleteReason = response.IncompleteStatusDetails?.Reason?.ToString(),
            Usage = response.Usage is { } usage
                ? new TokenUsage(usage.InputTokenCount, usage.OutputTokenCount, usage.TotalTokenCount)
                : default,
        };
    }

    private async Task<ResponseResult> RequestAsync(CancellationToken cancellationToken)
    {
        if (!loop.Options.Streaming)
        {
            return await client.CreateResponseAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var updates = await client.CreateResponseStreamingAsync(request, cancellationToken).ConfigureAwait(false);
        await foreach (var update in updates.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            switch (update)
            {
                case StreamingResponseOutputTextDeltaUpdate { Delta: { Length: > 0 } delta }:
                    await loop.RaiseAsync(new ToolRunTextDelta(loop.CurrentRound, delta)).ConfigureAwait(false);
                    break;
                case StreamingResponseCompletedUpdate { Response: { } completed }:
                    return completed;
                case StreamingResponseFailedUpdate { Response: { } failed }:
                    return failed;
                case StreamingResponseIncompleteUpdate { Response: { } incomplete }:
                    return incomplete;
                case StreamingResponseErrorUpdate error:
                    throw new InvalidOperationException($"The response stream reported an error ({error.Code}): {error.Message}");
            }
        }

        throw new InvalidOperationException(
            "The response stream ended without response.completed, response.failed or response.incomplete.");
    }

    private static void AddAll(IList<ResponseItem> target, List<ResponseItem> items)
    {
        foreach (var item in items)
        {
            target.Add(item);
        }
    }

    private static ToolRunStatus Classify(ResponseResult response, ResponseStatus status) => status switch
    {
        ResponseStatus.Completed => ToolRunStatus.Completed,
        ResponseStatus.Failed => ToolRunStatus.Failed,
        ResponseStatus.Incomplete => ToolRunStatus.Incomplete,
        ResponseStatus.Cancelled => ToolRunStatus.Cancelled,

        // Only background responses stay queued or in_progress, and the runner does not start those.
        _ => throw new InvalidOperationException(
            $"Response '{response.Id}' came back {StatusText(status)}; the runner drives only finished responses."),
    };

    /// <summary>The response status as the API spells it.</summary>
    internal static string StatusText(ResponseStatus status) => status switch
    {
        ResponseStatus.Completed => "completed",
        ResponseStatus.Failed => "failed",
        ResponseStatus.Incomplete => "incomplete",
        ResponseStatus.Cancelled => "cancelled",
        ResponseStatus.Queued => "queued",
        ResponseStatus.InProgress => "in_progress",
        _ => status.ToString(),
    };
}
