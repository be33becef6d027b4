using System.ClientModel;
using OpenAI.Assistants;

namespace ToolGen.OpenAI;

/// <summary>The Assistants API behind the tool loop: a turn is a run reaching <c>requires_action</c> or a terminal
/// status, followed by polling with backoff or through the run's event streams; outputs go back in one
/// <c>submit_tool_outputs</c> request per step, never after <c>expires_at</c>.</summary>
internal sealed class AssistantTurns : IModelTurns
{
    private readonly ToolLoop _loop;
    private readonly AssistantClient _client;
    private readonly Func<CancellationToken, Task<ThreadRun>>? _create;
    private readonly Func<CancellationToken, Task<AsyncStreamingResult<StreamingUpdate>>>? _createStreaming;
    private readonly StreamedMessages _messages = new();
    private ThreadRun? _run;
    private string? _reportedStatus;
    private TimeSpan _interval;

    /// <summary>The local clock less the server's, taken when the run is first seen (its <c>created_at</c> against
    /// <see cref="ToolRunnerOptions.TimeProvider"/>) when they disagree by more than <see cref="ClockTolerance"/>, so
    /// <c>expires_at</c> is judged on the server's clock.</summary>
    private TimeSpan? _clockOffset;

    private static readonly TimeSpan ClockTolerance = TimeSpan.FromSeconds(5);

    /// <summary>Whether the run's current state came from a stream that has ended: a run that is then neither
    /// finished nor waiting for tool outputs was left unfinished by the stream.</summary>
    private bool _streamEnded;

    /// <summary>Whether every state of the run came from its streams, so their messages are all of the run's text. A
    /// refused submission or a poll breaks that; the reply is then read from the thread.</summary>
    private bool _onlyStreamed;

    /// <summary>Whether an update is being taken, events included: an exception the caller's event handler throws,
    /// even a <see cref="ClientResultException"/> of its own requests, is not the stream's error.</summary>
    private bool _inHandler;

    /// <summary>Creates the adapter for a run that exists (<paramref name="run"/>), or one that
    /// <paramref name="create"/> or <paramref name="createStreaming"/> creates, whichever the loop's options
    /// ask for.</summary>
    public AssistantTurns(
        ToolLoop loop,
        AssistantClient client,
        ThreadRun? run,
        Func<CancellationToken, Task<ThreadRun>>? create,
        Func<CancellationToken, Task<AsyncStreamingResult<StreamingUpdate>>>? createStreaming)
    {
        _loop = loop;
        _client = client;
        _run = run;
        _create = create;
        _createStreaming = createStreaming;
        _interval = loop.Options.InitialPollInterval;
        _onlyStreamed = run is null && loop.Options.Streaming;
    }

    private bool Streaming => _loop.Options.Streaming;

    private ThreadRun Run => _run
        ?? throw new InvalidOperationException("The run's event stream sent other events before the run itself.");

    public async Task<LoopTurn> StartAsync(CancellationToken cancellationToken)
    {
        if (_run is null && Streaming && _createStreaming is not null)
        {
            await ReadStreamAsync(await _createStreaming(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            if (_run is null)
            {
                throw new InvalidOperationException("The run's event stream ended without reporting the run.");
            }
        }
        else if (_run is null && _create is not null)
        {
            _run = await _create(cancellationToken).ConfigureAwait(false);
        }

        await ReportStatusAsync().ConfigureAwait(false);
        return await AdvanceAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<LoopTurn> ContinueAsync(LoopTurn turn, IReadOnlyList<ToolResult> outputs, CancellationToken cancellationToken)
    {
        if (LocalExpiresAt() is { } expiresAt && _loop.Options.TimeProvider.GetUtcNow() >= expiresAt)
        {
            // The service refuses outputs after expires_at; the run is expired or about to be, which polling shows.
            Log.ExpiredBeforeSubmission(_loop.Logger, "assistants", Run.Id, _loop.Rounds);
            _streamEnded = false;
            _onlyStreamed = false;
            return await AdvanceAsync(cancellationToken).ConfigureAwait(false);
        }

        var toolOutputs = outputs.Select(o => new ToolOutput(o.CallId, o.Output)).ToList();
        AsyncStreamingResult<StreamingUpdate>? continued = null;
        try
        {
            if (Streaming)
            {
                continued = await _client.SubmitToolOutputsToRunStreamingAsync(Run.ThreadId, Run.Id, toolOutputs, cancellationToken)
                    .ConfigureAwait(false);
            }
            else
            {
                _run = await _client.SubmitToolOutputsToRunAsync(Run.ThreadId, Run.Id, toolOutputs, cancellationToken)
                    .ConfigureAwait(false);
            }
        }
        catch (ClientResultException) when (!cancellationToken.IsCancellationRequested)
        {
            // The run may have expired or been cancelled while the tools ran; the API then refuses the outputs. That
            // is the run's ending, not the caller's error. A refusal of a run still waiting for these calls is rethrown.
            ThreadRun current = await _client.GetRunAsync(Run.ThreadId, Run.Id, cancellationToken).ConfigureAwait(false);
            if (current.Status == RunStatus.RequiresAction
                && current.RequiredActions?.Any(a => outputs.Any(o => o.CallId == a.ToolCallId)) == true)
            {
                throw;
            }

            _run = current;
            _streamEnded = false;
            _onlyStreamed = false;
            Log.SubmitRefused(_loop.Logger, "assistants", Run.Id, current.Status.ToString());
        }

        if (continued is not null)
        {
            await ReadStreamAsync(continued, cancellationToken).ConfigureAwait(false);
        }

        _interval = _loop.Options.InitialPollInterval;
        await ReportStatusAsync().ConfigureAwait(false);
        return await AdvanceAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<LoopTurn?> StopAsync(CancellationToken cancellationToken)
    {
        if (_run is null)
        {
            return null;
        }

        if (!Run.Status.IsTerminal)
        {
            try
            {
                _run = await _client.CancelRunAsync(Run.ThreadId, Run.Id, cancellationToken).ConfigureAwait(false);
                _streamEnded = false;
            }
            catch (ClientResultException) when (!cancellationToken.IsCancellationRequested)
            {
                // The run may have ended on its own meanwhile (e.g. expired); then that ending is the outcome.
                ThreadRun current = await _client.GetRunAsync(Run.ThreadId, Run.Id, cancellationToken).ConfigureAwait(false);
                if (!current.Status.IsTerminal)
                {
                    throw;
                }

                _run = current;
            }

            await ReportStatusAsync().ConfigureAwait(false);
            _interval = _loop.Options.InitialPollInterval;

            // Wait for "cancelling" to settle so the thread is free for the caller's next run.
            while (!Run.Status.IsTerminal)
            {
                await PollAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        return await EndTurnAsync(cancellationToken).ConfigureAwait(false);
    }

    public ToolRunOutcome Complete(ToolRunOutcome outcome) => outcome with { ThreadId = _run?.ThreadId };

    /// <summary>Follows the run until it ends or waits for calls not answered yet. A server may still show the step
    /// just answered for a moment; such a step is polled again, not answered twice.</summary>
    private async Task<LoopTurn> AdvanceAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (Run.Status.IsTerminal)
            {
                return await EndTurnAsync(cancellationToken).ConfigureAwait(false);
            }

            if (Run.Status == RunStatus.RequiresAction)
            {
                var actions = Run.RequiredActions;
                if (actions is null || actions.Count == 0)
                {
                    throw new InvalidOperationException(
                        $"Run '{Run.Id}' is in status requires_action but lists no tool calls to submit outputs for.");
                }

                if (actions.Any(a => !_loop.WasAnswered(a.ToolCallId)))
                {
                    return new LoopTurn
                    {
                        Id = Run.Id,
                        ApiStatus = Run.Status.ToString(),
                        Raw = Run,
                        Calls = actions.Select(a => new ToolCall(a.ToolCallId, a.FunctionName ?? "", a.FunctionArguments ?? "")).ToArray(),
                        ExpiresAt = LocalExpiresAt(),
                    };
                }
            }

            if (_streamEnded)
            {
                throw new InvalidOperationException(
                    $"The event stream of run '{Run.Id}' on thread '{Run.ThreadId}' ended while the run was {Run.Status}, "
                    + "neither finished nor waiting for tool outputs. The run goes on on the server; poll it to its end "
                    + "with AssistantRunner.DriveAsync(AssistantClient.GetRunAsync(threadId, runId)).");
            }

            await PollAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Follows one event stream to its end: each <c>thread.run.*</c> event is the run's new state, and each
    /// message event adds to the run's text.</summary>
    private async Task ReadStreamAsync(AsyncStreamingResult<StreamingUpdate> updates, CancellationToken cancellationToken)
    {
        // Disposing releases the HTTP response also when reading stops early (an error event, the caller's token).
        await using (((IAsyncDisposable)updates).ConfigureAwait(false))
        {
            try
            {
                await foreach (var update in updates.WithCancellation(cancellationToken).ConfigureAwait(false))
                {
                    _inHandler = true;
                    await TakeAsync(update).ConfigureAwait(false);
                    _inHandler = false;
                }
            }
            catch (ClientResultException exception) when (!cancellationToken.IsCancellationRequested && !_inHandler)
            {
                // The SDK turns an "error" event into this exception once the response (HTTP 200) is streaming.
                var which = _run is null ? "The run's event stream" : $"The event stream of run '{Run.Id}' on thread '{Run.ThreadId}'";
                throw new InvalidOperationException($"{which} reported an error: {exception.Message}", exception);
            }
        }

        _streamEnded = true;
    }

    private async ValueTask TakeAsync(StreamingUpdate update)
    {
        switch (update)
        {
            // A requires_action event comes as one RequiredActionUpdate per tool call, each carrying the whole run; the
            // status is reported once.
            case RunUpdate { Value: { } streamedRun }:
                _run = streamedRun;
                await ReportStatusAsync().ConfigureAwait(false);
                break;
            case MessageStatusUpdate { Value: { } message } status:
                _messages.Update(message, status.UpdateKind);
                break;
            case MessageContentUpdate { Text: { Length: > 0 } text } content:
                _messages.Append(content.MessageId, text);
                await _loop.RaiseAsync(new ToolRunTextDelta(_loop.CurrentRound, text)).ConfigureAwait(false);
                break;
        }
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        var options = _loop.Options;
        if (_interval > TimeSpan.Zero)
        {
            await Task.Delay(_interval, options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }

        _interval = TimeSpan.FromTicks((long)Math.Min(_interval.Ticks * options.PollBackoffFactor, options.MaxPollInterval.Ticks));
        _run = await _client.GetRunAsync(Run.ThreadId, Run.Id, cancellationToken).ConfigureAwait(false);
        _streamEnded = false;
        _onlyStreamed = false;
        await ReportStatusAsync().ConfigureAwait(false);
    }

    private async Task<LoopTurn> EndTurnAsync(CancellationToken cancellationToken)
    {
        var run = Run;
        var status = Classify(run.Status);
        string? reply = null;
        if (status == ToolRunStatus.Completed)
        {
            reply = _onlyStreamed ? _messages.ReplyOf(run.Id) : await ReadReplyAsync(cancellationToken).ConfigureAwait(false);
        }

        return new LoopTurn
        {
            Id = run.Id,
            ApiStatus = run.Status.ToString(),
            Raw = run,
            Status = status,
            Reply = reply,
            Error = run.LastError is { } error ? new ToolRunError(error.Code.ToString(), error.Message ?? "") : null,
            IncompleteReason = run.IncompleteDetails?.Reason?.ToString(),
            Usage = run.Usage is { } usage ? new TokenUsage(usage.InputTokenCount, usage.OutputTokenCount, usage.TotalTokenCount) : default,
        };
    }

    private static ToolRunStatus Classify(RunStatus status)
    {
        if (status == RunStatus.Completed)
        {
            return ToolRunStatus.Completed;
        }

        if (status == RunStatus.Failed)
        {
            return ToolRunStatus.Failed;
        }

        if (status == RunStatus.Expired)
        {
            return ToolRunStatus.Expired;
        }

        if (status == RunStatus.Cancelled)
        {
            return ToolRunStatus.Cancelled;
        }

        if (status == RunStatus.Incomplete)
        {
            return ToolRunStatus.Incomplete;
        }

        throw new InvalidOperationException($"The run status '{status}' is not a terminal status.");
    }

    /// <summary>The text of the assistant messages this run created, oldest first. The thread is read newest first and
    /// only back to the run's creation, so a long thread is not read whole.</summary>
    private async Task<string> ReadReplyAsync(CancellationToken cancellationToken)
    {
        var texts = new List<string>();
        var messages = _client.GetMessagesAsync(
            Run.ThreadId,
            new MessageCollectionOptions { Order = MessageCollectionOrder.Descending },
            cancellationToken);
        await foreach (var message in messages.ConfigureAwait(false))
        {
            if (message.CreatedAt < Run.CreatedAt)
            {
                break;
            }

            if (message.RunId != Run.Id || message.Role != MessageRole.Assistant)
            {
                continue;
            }

            var text = StreamedMessages.TextOf(message);
            if (text.Length > 0)
            {
                texts.Add(text);
            }
        }

        texts.Reverse();
        return string.Join("\n\n", texts);
    }

    /// <summary>The run's <c>expires_at</c> on the local clock.</summary>
    private DateTimeOffset? LocalExpiresAt() => Run.ExpiresAt is { } expiresAt ? expiresAt + _clockOffset.GetValueOrDefault() : null;

    private ValueTask ReportStatusAsync()
    {
        if (_clockOffset is null)
        {
            // Timestamps are whole seconds and the request took a moment: a few seconds apart is the same clock, and
            // then expires_at is taken as it is, which errs on the early side.
            var offset = _loop.Options.TimeProvider.GetUtcNow() - Run.CreatedAt;
            _clockOffset = offset.Duration() > ClockTolerance ? offset : TimeSpan.Zero;
        }
        var status = Run.Status.ToString();
        if (status == _reportedStatus)
        {
            return ValueTask.CompletedTask;
        }

        _reportedStatus = status;
        return _loop.StatusAsync(Run.Id, status, Run);
    }
}
