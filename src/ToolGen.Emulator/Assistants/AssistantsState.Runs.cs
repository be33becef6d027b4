using System.Text.Json;
using ToolGen.Emulator.Http;

namespace ToolGen.Emulator.Assistants;

/// <summary>Runs: creation, the steps that move them along (on polls, or driven for a stream), cancellation, tool
/// outputs, expiry, and how a model turn changes a run.</summary>
internal sealed partial class AssistantsState
{
    public Started CreateRun(string threadId, RequestBody body)
    {
        body.AllowOnly("assistant_id", "model", "reasoning_effort", "instructions", "additional_instructions",
            "additional_messages", "tools", "metadata", "temperature", "top_p", "stream", "max_prompt_tokens",
            "max_completion_tokens", "truncation_strategy", "tool_choice", "parallel_tool_calls", "response_format");
        var events = body.OptionalBool("stream") == true ? new EventLog() : null;
        lock (_gate)
        {
            var thread = FindThread(threadId);
            if (ActiveRun(thread) is { } active)
            {
                throw new ApiException(400, $"Thread {thread.Id} already has an active run {active.Id}.");
            }

            var assistant = FindAssistant(body.RequiredString("assistant_id"));
            var run = NewRun(thread.Id, assistant, body, body.OptionalString("additional_instructions"));
            // A refused message must leave the thread as it was, including the messages before it in the array.
            var messageCount = thread.Messages.Count;
            var conversationCount = thread.Conversation.Count;
            try
            {
                foreach (var (message, _) in body.ObjectArray("additional_messages"))
                {
                    AddMessage(thread, message);
                }
            }
            catch
            {
                thread.Messages.RemoveRange(messageCount, thread.Messages.Count - messageCount);
                thread.Conversation.RemoveRange(conversationCount, thread.Conversation.Count - conversationCount);
                throw;
            }

            thread.Runs.Add(run);
            events?.Add("thread.run.created", w => Wire.StreamedRun(w, run));
            events?.Add("thread.run.queued", w => Wire.StreamedRun(w, run));
            return new Started(JsonText.Write(w => Wire.Run(w, run)), thread, run, events);
        }
    }

    public Started CreateThreadAndRun(RequestBody body)
    {
        body.AllowOnly("assistant_id", "thread", "model", "instructions", "tools", "tool_resources", "metadata",
            "temperature", "top_p", "stream", "max_prompt_tokens", "max_completion_tokens", "truncation_strategy",
            "tool_choice", "parallel_tool_calls", "response_format", "reasoning_effort");
        var events = body.OptionalBool("stream") == true ? new EventLog() : null;
        lock (_gate)
        {
            var assistant = FindAssistant(body.RequiredString("assistant_id"));
            using var empty = JsonDocument.Parse("{}");
            var threadBody = new RequestBody(body.Get("thread") ?? empty.RootElement, "thread");

            // Validate the run's fields before the thread exists, so a refused request leaves nothing behind.
            _ = NewRun(string.Empty, assistant, body, additionalInstructions: null);
            var thread = NewThread(threadBody);
            var run = NewRun(thread.Id, assistant, body, additionalInstructions: null);
            thread.Runs.Add(run);
            events?.Add("thread.created", w => Wire.Thread(w, thread, streamed: true));
            events?.Add("thread.run.created", w => Wire.StreamedRun(w, run));
            events?.Add("thread.run.queued", w => Wire.StreamedRun(w, run));
            return new Started(JsonText.Write(w => Wire.Run(w, run)), thread, run, events);
        }
    }

    public byte[] ListRuns(string threadId, PageQuery query)
    {
        lock (_gate)
        {
            var thread = FindThread(threadId);
            foreach (var run in thread.Runs)
            {
                ExpireIfDue(run, events: null);
            }

            var (page, hasMore) = query.Apply(thread.Runs, r => r.Id);
            return JsonText.Write(w => JsonText.List(w, page, hasMore, r => r.Id, Wire.Run));
        }
    }

    public byte[] ListRunSteps(string threadId, string runId, PageQuery query)
    {
        lock (_gate)
        {
            var run = FindRun(FindThread(threadId), runId);
            ExpireIfDue(run, events: null);
            var (page, hasMore) = query.Apply(run.Steps, s => s.Id);
            return JsonText.Write(w => JsonText.List(w, page, hasMore, s => s.Id, Wire.Step));
        }
    }

    public byte[] GetRunStep(string threadId, string runId, string stepId)
    {
        lock (_gate)
        {
            var run = FindRun(FindThread(threadId), runId);
            ExpireIfDue(run, events: null);
            var step = run.Steps.Find(s => s.Id == stepId) ?? throw ApiException.NotFound("run step", stepId);
            return JsonText.Write(w => Wire.Step(w, step));
        }
    }

    /// <summary>Returns the run after moving it one step: queued → in_progress; in_progress → the model's turn
    /// (requires_action, completed, failed or incomplete); cancelling → cancelled.</summary>
    public async Task<byte[]> GetRunAsync(string threadId, string runId, CancellationToken cancellationToken)
    {
        ThreadEntity thread;
        RunEntity run;
        lock (_gate)
        {
            thread = FindThread(threadId);
            run = FindRun(thread, runId);
        }

        await AdvanceAsync(thread, run, events: null, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            return JsonText.Write(w => Wire.Run(w, run));
        }
    }

    /// <summary>For a streamed request: moves the run on until it waits for tool outputs or ends, recording the
    /// events the service would stream.</summary>
    public async Task DriveAsync(Started started, CancellationToken cancellationToken)
    {
        var events = started.Events ?? throw new InvalidOperationException("Not a streamed request.");

        // Queued → in_progress → model turn takes two steps; the bound only guards against a model call running
        // concurrently for a poller of the same run.
        for (var i = 0; i < 4; i++)
        {
            lock (_gate)
            {
                if (started.Run.Status is not (RunStatus.Queued or RunStatus.InProgress))
                {
                    return;
                }
            }

            await AdvanceAsync(started.Thread, started.Run, events, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task AdvanceAsync(ThreadEntity thread, RunEntity run, EventLog? events, CancellationToken cancellationToken)
    {
        ModelRequest request;
        lock (_gate)
        {
            ExpireIfDue(run, events);
            switch (run.Status)
            {
                case RunStatus.Queued:
                    run.Status = RunStatus.InProgress;
                    run.StartedAt = Now;
                    events?.Add("thread.run.in_progress", w => Wire.StreamedRun(w, run));
                    return;
                case RunStatus.Cancelling:
                    FinishCancelling(run, events);
                    return;
                case RunStatus.InProgress when !run.Consulting:
                    run.Consulting = true;
                    request = BuildModelRequest(thread, run);
                    break;
                default:
                    return;
            }
        }

        ModelTurn turn;
        try
        {
            turn = await ModelStep.NextAsync(model, request, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            lock (_gate)
            {
                run.Consulting = false;
            }

            throw;
        }

        lock (_gate)
        {
            run.Consulting = false;
            ExpireIfDue(run, events);
            if (run.Status == RunStatus.InProgress)
            {
                Apply(thread, run, request, turn, events);
            }
        }
    }

    public byte[] ModifyRun(string threadId, string runId, RequestBody body)
    {
        body.AllowOnly("metadata");
        lock (_gate)
        {
            var run = FindRun(FindThread(threadId), runId);
            ExpireIfDue(run, events: null);
            run.MetadataJson = body.ObjectJson("metadata", run.MetadataJson);
            return JsonText.Write(w => Wire.Run(w, run));
        }
    }

    public byte[] CancelRun(string threadId, string runId)
    {
        lock (_gate)
        {
            var run = FindRun(FindThread(threadId), runId);
            ExpireIfDue(run, events: null);
            if (run.Status is not (RunStatus.Queued or RunStatus.InProgress or RunStatus.RequiresAction))
            {
                throw new ApiException(400, $"Cannot cancel run with status '{run.Status}'.");
            }

            run.Status = RunStatus.Cancelling;
            run.RequiredCalls = null;
            return JsonText.Write(w => Wire.Run(w, run));
        }
    }

    public Started SubmitToolOutputs(string threadId, string runId, RequestBody body)
    {
        body.AllowOnly("tool_outputs", "stream");
        var events = body.OptionalBool("stream") == true ? new EventLog() : null;
        lock (_gate)
        {
            var thread = FindThread(threadId);
            var run = FindRun(thread, runId);
            ExpireIfDue(run, events: null);
            if (run.Status != RunStatus.RequiresAction || run.RequiredCalls is null)
            {
                throw new ApiException(400, $"Runs in status \"{run.Status}\" do not accept tool outputs.");
            }

            if (body.Get("tool_outputs") is null)
            {
                throw ApiException.Missing("tool_outputs");
            }

            var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
            var order = new List<string>();
            foreach (var (item, _) in body.ObjectArray("tool_outputs"))
            {
                item.AllowOnly("tool_call_id", "output");
                var callId = item.RequiredString("tool_call_id");
                var output = item.RequiredString("output");
                if (!outputs.TryAdd(callId, output))
                {
                    throw new ApiException(400, $"Duplicate tool output for tool_call_id '{callId}'.", item.Name("tool_call_id"));
                }

                order.Add(callId);
            }

            var expected = run.RequiredCalls.Select(c => c.Id).ToList();
            if (expected.Count != outputs.Count || expected.Exists(id => !outputs.ContainsKey(id)))
            {
                throw new ApiException(400,
                    $"Expected tool outputs for call_ids [{string.Join(", ", expected.Select(id => $"'{id}'"))}], got [{string.Join(", ", order.Select(id => $"'{id}'"))}]",
                    "tool_outputs");
            }

            foreach (var call in run.RequiredCalls)
            {
                thread.Conversation.Add(new ToolCallItem(call.Id, call.Name, call.Arguments, outputs[call.Id]));
                run.PromptTokens += Tokens.Estimate(outputs[call.Id]);
            }

            if (run.Steps.FindLast(s => s.Type == "tool_calls" && s.Status == StepStatus.InProgress) is { } step)
            {
                foreach (var (callId, output) in outputs)
                {
                    step.Outputs[callId] = output;
                }

                step.Status = StepStatus.Completed;
                step.CompletedAt = Now;
                events?.Add("thread.run.step.completed", w => Wire.Step(w, step));
            }

            run.RequiredCalls = null;
            run.Status = RunStatus.Queued;
            events?.Add("thread.run.queued", w => Wire.StreamedRun(w, run));
            return new Started(JsonText.Write(w => Wire.Run(w, run)), thread, run, events);
        }
    }

    // ---- rules ----

    private void Apply(ThreadEntity thread, RunEntity run, ModelRequest request, ModelTurn turn, EventLog? events)
    {
        var promptTokens = Tokens.Estimate(request);
        run.PromptTokens += promptTokens;

        // The service ends a run incomplete once it has used more tokens over its course than the run's limits
        // (API reference, "max_prompt_tokens" / "max_completion_tokens" of create run). Counts here are estimates.
        var turnTokens = turn switch
        {
            ToolCallsTurn calls => calls.Calls.Sum(c => Tokens.Estimate(c.Name) + Tokens.Estimate(c.Arguments)),
            ReplyTurn reply => Tokens.Estimate(reply.Text),
            _ => 0,
        };
        if (run.MaxPromptTokens is { } maxPrompt && run.PromptTokens > maxPrompt)
        {
            turn = new IncompleteTurn("max_prompt_tokens");
        }
        else if (run.MaxCompletionTokens is { } maxCompletion && run.CompletionTokens + turnTokens > maxCompletion)
        {
            turn = new IncompleteTurn("max_completion_tokens");
        }

        switch (turn)
        {
            case ToolCallsTurn calls:
            {
                var chosen = run.ParallelToolCalls ? calls.Calls : calls.Calls.Take(1).ToList();
                var pending = chosen.Select(c => new PendingCall(Ids.New("call_"), c.Name, c.Arguments)).ToList();
                var completionTokens = chosen.Sum(c => Tokens.Estimate(c.Name) + Tokens.Estimate(c.Arguments));
                var step = new RunStepEntity
                {
                    Id = Ids.New("step_"),
                    CreatedAt = Now,
                    Run = run,
                    Type = "tool_calls",
                    Calls = pending,
                    PromptTokens = promptTokens,
                    CompletionTokens = completionTokens,
                };
                run.Steps.Add(step);
                events?.Add("thread.run.step.created", w => Wire.StepStarted(w, step));
                events?.Add("thread.run.step.in_progress", w => Wire.StepStarted(w, step));
                for (var i = 0; i < pending.Count; i++)
                {
                    var index = i;
                    events?.Add("thread.run.step.delta", w => Wire.StepCallDelta(w, step, index, withArguments: false));
                    events?.Add("thread.run.step.delta", w => Wire.StepCallDelta(w, step, index, withArguments: true));
                }

                run.RequiredCalls = pending;
                run.CompletionTokens += completionTokens;
                run.Status = RunStatus.RequiresAction;
                events?.Add("thread.run.requires_action", w => Wire.StreamedRun(w, run));
                break;
            }

            case ReplyTurn reply:
            {
                var now = Now;
                var message = new MessageEntity
                {
                    Id = Ids.New("msg_"),
                    CreatedAt = now,
                    ThreadId = thread.Id,
                    Role = "assistant",
                    Texts = [reply.Text],
                    AssistantId = run.AssistantId,
                    RunId = run.Id,
                    MetadataJson = "{}",
                    AttachmentsJson = "[]",
                };
                var completionTokens = Tokens.Estimate(reply.Text);
                var step = new RunStepEntity
                {
                    Id = Ids.New("step_"),
                    CreatedAt = now,
                    Run = run,
                    Type = "message_creation",
                    MessageId = message.Id,
                    PromptTokens = promptTokens,
                    CompletionTokens = completionTokens,
                };
                run.Steps.Add(step);
                events?.Add("thread.run.step.created", w => Wire.Step(w, step));
                events?.Add("thread.run.step.in_progress", w => Wire.Step(w, step));
                events?.Add("thread.message.created", w => Wire.Message(w, message, (false, null)));
                events?.Add("thread.message.in_progress", w => Wire.Message(w, message, (false, null)));
                var first = true;
                foreach (var piece in EventLog.Pieces(reply.Text))
                {
                    var isFirst = first;
                    events?.Add("thread.message.delta", w => Wire.MessageDelta(w, message.Id, piece, isFirst));
                    first = false;
                }

                thread.Messages.Add(message);
                message.Item = new AssistantMessageItem(reply.Text);
                thread.Conversation.Add(message.Item);
                events?.Add("thread.message.completed", w => Wire.Message(w, message, (true, now)));
                step.Status = StepStatus.Completed;
                step.CompletedAt = now;
                events?.Add("thread.run.step.completed", w => Wire.Step(w, step));
                run.CompletionTokens += completionTokens;
                run.Status = RunStatus.Completed;
                run.CompletedAt = now;
                events?.Add("thread.run.completed", w => Wire.StreamedRun(w, run));
                break;
            }

            case FailTurn failure:
                run.Status = RunStatus.Failed;
                run.FailedAt = Now;
                run.LastError = (failure.Code, failure.Message);
                events?.Add("thread.run.failed", w => Wire.StreamedRun(w, run));
                break;
            case IncompleteTurn incomplete:
                run.Status = RunStatus.Incomplete;
                run.IncompleteReason = incomplete.Reason;
                events?.Add("thread.run.incomplete", w => Wire.StreamedRun(w, run));
                break;
            default:
                run.Status = RunStatus.Failed;
                run.FailedAt = Now;
                run.LastError = ("server_error", $"The emulated model returned an unknown turn type {turn.GetType().Name}.");
                events?.Add("thread.run.failed", w => Wire.StreamedRun(w, run));
                break;
        }
    }

    private void ExpireIfDue(RunEntity run, EventLog? events)
    {
        if (RunStatus.IsActive(run.Status) && !run.Consulting && Now >= run.ExpiresAt)
        {
            run.Status = RunStatus.Expired;
            run.RequiredCalls = null;
            foreach (var step in run.Steps.Where(s => s.Status == StepStatus.InProgress))
            {
                step.Status = StepStatus.Expired;
            }

            events?.Add("thread.run.expired", w => Wire.StreamedRun(w, run));
        }
    }

    private void FinishCancelling(RunEntity run, EventLog? events)
    {
        run.Status = RunStatus.Cancelled;
        run.CancelledAt = Now;
        foreach (var step in run.Steps.Where(s => s.Status == StepStatus.InProgress))
        {
            step.Status = StepStatus.Cancelled;
            step.CancelledAt = run.CancelledAt;
        }

        events?.Add("thread.run.cancelled", w => Wire.StreamedRun(w, run));
    }

    /// <summary>The thread's run that is still active, after expiring those past <c>expires_at</c> and finishing those
    /// being cancelled (the service does both in the background): such a run must not keep blocking new messages and
    /// runs just because nobody polled it since.</summary>
    private RunEntity? ActiveRun(ThreadEntity thread)
    {
        foreach (var run in thread.Runs)
        {
            ExpireIfDue(run, events: null);
            if (run.Status == RunStatus.Cancelling && !run.Consulting)
            {
                FinishCancelling(run, events: null);
            }
        }

        return thread.Runs.Find(r => RunStatus.IsActive(r.Status));
    }

    private static string? NamedFunction(string toolChoiceJson)
    {
        if (!toolChoiceJson.StartsWith('{'))
        {
            return null;
        }

        using var choice = JsonDocument.Parse(toolChoiceJson);
        return choice.RootElement.TryGetProperty("function", out var function) && function.ValueKind == JsonValueKind.Object
            && function.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
            ? name.GetString()
            : null;
    }

    private ModelRequest BuildModelRequest(ThreadEntity thread, RunEntity run)
    {
        // A named function in tool_choice forces that tool (API reference, AssistantsNamedToolChoice), so the model
        // is shown only it, as with Chat Completions and Responses.
        var named = NamedFunction(run.ToolChoiceJson);
        var tools = run.ToolChoiceIsNone
            ? []
            : run.Tools.Where(t => t.IsFunction && (named is null || t.Name == named))
                .Select(t => new EmulatedTool(t.Name!, t.Description, t.ParametersJson ?? ToolSpec.EmptyParameters))
                .ToArray();
        return new ModelRequest(run.Instructions, tools, thread.Conversation.ToArray())
        {
            ToolCallRequired = run.ToolChoiceJson == "\"required\"" || run.ToolChoiceJson.StartsWith('{'),
        };
    }
}
