using System.ClientModel;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenAI.Assistants;

namespace ToolGen.OpenAI;

/// <summary>
/// Drives an Assistants API run to its end over the official SDK's <see cref="AssistantClient"/>, answering every
/// <c>requires_action</c> step with the tools of a <see cref="ToolSet"/>.
/// </summary>
/// <remarks>
/// <para>The run lifecycle is the one the Assistants API documents
/// (<see href="https://platform.openai.com/docs/assistants/how-it-works/run-lifecycle">run lifecycle</see>,
/// <see href="https://platform.openai.com/docs/api-reference/runs/submitToolOutputs">submit tool outputs</see>):
/// a run waiting for tools has status <c>requires_action</c> with
/// <c>required_action.type == "submit_tool_outputs"</c>; the client runs each of
/// <c>required_action.submit_tool_outputs.tool_calls</c> and posts all outputs in one <c>submit_tool_outputs</c>
/// request before <c>expires_at</c>; the run then goes on until <c>completed</c>, <c>failed</c>, <c>expired</c>,
/// <c>cancelled</c> or <c>incomplete</c>.</para>
/// <para>The runner polls with backoff (see <see cref="AssistantRunnerOptions"/>), runs every call of a round
/// concurrently through <see cref="ToolRound"/>, submits all outputs of the round in one
/// <c>SubmitToolOutputsToRunAsync</c> call, and stops after <see cref="AssistantRunnerOptions.MaxToolRounds"/> rounds
/// by cancelling the run. A model's mistake (bad arguments, an unknown tool) is submitted as an error output and the
/// run goes on. If a submission is refused because the run expired or was cancelled meanwhile, the runner reports the
/// run's terminal status instead of throwing.</para>
/// <para>OpenAI shut the Assistants API down on 2026-08-26; the runner works against servers that still speak it,
/// such as ToolGen's emulator.</para>
/// <para>An instance holds no per-run state: it may drive several runs, also concurrently.</para>
/// </remarks>
public sealed class AssistantRunner
{
    private static readonly Action<ILogger, string, string, string, Exception?> LogStatus =
        LoggerMessage.Define<string, string, string>(LogLevel.Debug, new EventId(1, "RunStatusChanged"),
            "Run {RunId} on thread {ThreadId} is {Status}");

    private static readonly Action<ILogger, string, int, int, Exception?> LogRound =
        LoggerMessage.Define<string, int, int>(LogLevel.Information, new EventId(2, "ToolRound"),
            "Run {RunId}: submitting round {Round} with {Count} tool outputs");

    private static readonly Action<ILogger, string, string, Exception?> LogSubmitRefused =
        LoggerMessage.Define<string, string>(LogLevel.Information, new EventId(3, "SubmitRefused"),
            "Run {RunId}: tool outputs were refused; the run is now {Status}");

    private static readonly Action<ILogger, string, int, Exception?> LogRoundLimit =
        LoggerMessage.Define<string, int>(LogLevel.Warning, new EventId(4, "ToolRoundLimit"),
            "Run {RunId} asked for tools after {Rounds} rounds, the limit; cancelling it");

    private readonly AssistantClient _client;
    private readonly ToolSet _tools;
    private readonly AssistantRunnerOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates a runner.</summary>
    /// <param name="client">The SDK client the runs are driven through.</param>
    /// <param name="tools">The tools that answer the runs' tool calls. The assistant (or the run's tools override)
    /// must define the same functions; see <see cref="OpenAIToolConversions.ToFunctionToolDefinitions"/>.</param>
    /// <param name="options">Polling, limits, clock and events; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> or <paramref name="tools"/> is
    /// <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An interval is negative, <see cref="AssistantRunnerOptions.MaxPollInterval"/>
    /// is below <see cref="AssistantRunnerOptions.InitialPollInterval"/>, the backoff factor is below 1 (or not a
    /// number), or <see cref="AssistantRunnerOptions.MaxToolRounds"/> is negative.</exception>
    public AssistantRunner(AssistantClient client, ToolSet tools, AssistantRunnerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(tools);
        options ??= new AssistantRunnerOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.InitialPollInterval, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxPollInterval, options.InitialPollInterval, nameof(options));
        if (!(options.PollBackoffFactor >= 1) || double.IsInfinity(options.PollBackoffFactor))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.PollBackoffFactor, "The poll backoff factor must be a finite number of at least 1.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxToolRounds, nameof(options));
        ArgumentNullException.ThrowIfNull(options.TimeProvider, nameof(options));
        _client = client;
        _tools = tools;
        _options = options;
        _logger = options.Logger ?? NullLogger.Instance;
    }

    /// <summary>Starts a run of <paramref name="assistantId"/> on an existing thread and drives it to its end.</summary>
    /// <param name="threadId">The thread (<c>thread_…</c>), holding the user's message(s).</param>
    /// <param name="assistantId">The assistant (<c>asst_…</c>).</param>
    /// <param name="runOptions">Run settings passed to the API as given (instructions, tools override, …), or
    /// <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops driving the run; the run itself is left as it is on the server.</param>
    /// <returns>How the run ended.</returns>
    /// <exception cref="ClientResultException">The API refused a request or could not be reached (other than a
    /// submission refused because the run ended meanwhile).</exception>
    /// <exception cref="InvalidOperationException">The server sent a <c>requires_action</c> run without tool calls.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<AssistantRunOutcome> RunAsync(
        string threadId,
        string assistantId,
        RunCreationOptions? runOptions = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(threadId);
        ArgumentException.ThrowIfNullOrEmpty(assistantId);
        ThreadRun run = await _client.CreateRunAsync(threadId, assistantId, runOptions, cancellationToken).ConfigureAwait(false);
        return await DriveAsync(run, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates a thread and a run of <paramref name="assistantId"/> on it in one request
    /// (<c>POST /threads/runs</c>) and drives the run to its end.</summary>
    /// <param name="assistantId">The assistant (<c>asst_…</c>).</param>
    /// <param name="threadOptions">The new thread's initial messages and settings, or <see langword="null"/>.</param>
    /// <param name="runOptions">Run settings passed to the API as given, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops driving the run; the run itself is left as it is on the server.</param>
    /// <returns>How the run ended; <see cref="AssistantRunOutcome.ThreadId"/> is the new thread.</returns>
    /// <exception cref="ClientResultException">The API refused a request or could not be reached (other than a
    /// submission refused because the run ended meanwhile).</exception>
    /// <exception cref="InvalidOperationException">The server sent a <c>requires_action</c> run without tool calls.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<AssistantRunOutcome> CreateThreadAndRunAsync(
        string assistantId,
        ThreadCreationOptions? threadOptions = null,
        RunCreationOptions? runOptions = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(assistantId);
        ThreadRun run = await _client.CreateThreadAndRunAsync(assistantId, threadOptions, runOptions, cancellationToken)
            .ConfigureAwait(false);
        return await DriveAsync(run, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates a thread holding one user message, runs <paramref name="assistantId"/> on it and drives the
    /// run to its end: the shortest way to ask an assistant something.</summary>
    /// <param name="assistantId">The assistant (<c>asst_…</c>).</param>
    /// <param name="userMessage">The user's message text.</param>
    /// <param name="runOptions">Run settings passed to the API as given, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops driving the run; the run itself is left as it is on the server.</param>
    /// <returns>How the run ended; <see cref="AssistantRunOutcome.Reply"/> is the answer when it completed.</returns>
    /// <exception cref="ClientResultException">The API refused a request or could not be reached.</exception>
    /// <exception cref="InvalidOperationException">The server sent a <c>requires_action</c> run without tool calls.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<AssistantRunOutcome> AskAsync(
        string assistantId,
        string userMessage,
        RunCreationOptions? runOptions = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userMessage);
        var thread = new ThreadCreationOptions
        {
            InitialMessages = { new ThreadInitializationMessage(MessageRole.User, [MessageContent.FromText(userMessage)]) },
        };
        return CreateThreadAndRunAsync(assistantId, thread, runOptions, cancellationToken);
    }

    /// <summary>Drives a run that was already created (e.g. with options this class does not cover) to its end.</summary>
    /// <param name="run">The run as the API returned it from its creation or a later get.</param>
    /// <param name="cancellationToken">Stops driving the run; the run itself is left as it is on the server.</param>
    /// <returns>How the run ended.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="run"/> is <see langword="null"/>.</exception>
    /// <exception cref="ClientResultException">The API refused a request or could not be reached (other than a
    /// submission refused because the run ended meanwhile).</exception>
    /// <exception cref="InvalidOperationException">The server sent a <c>requires_action</c> run without tool calls.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<AssistantRunOutcome> DriveAsync(ThreadRun run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new RunDriver(this, run).DriveAsync(cancellationToken);
    }

    /// <summary>The state of driving one run.</summary>
    private sealed class RunDriver(AssistantRunner runner, ThreadRun run)
    {
        private readonly List<ToolCallExchange> _exchanges = [];
        private readonly HashSet<string> _answeredCallIds = new(StringComparer.Ordinal);
        private ThreadRun _run = run;
        private string? _reportedStatus;
        private int _rounds;
        private TimeSpan _interval = runner._options.InitialPollInterval;

        private string ThreadId => _run.ThreadId;

        private string RunId => _run.Id;

        public async Task<AssistantRunOutcome> DriveAsync(CancellationToken cancellationToken)
        {
            await ReportStatusAsync().ConfigureAwait(false);
            while (true)
            {
                if (_run.Status.IsTerminal)
                {
                    return await FinishAsync(limitReached: false, cancellationToken).ConfigureAwait(false);
                }

                if (_run.Status == RunStatus.RequiresAction)
                {
                    var calls = PendingCalls();
                    if (calls.Count > 0)
                    {
                        if (_rounds >= runner._options.MaxToolRounds)
                        {
                            return await StopAtRoundLimitAsync(cancellationToken).ConfigureAwait(false);
                        }

                        await AnswerAsync(calls, cancellationToken).ConfigureAwait(false);
                        continue;
                    }
                }

                await PollAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>The calls of the current <c>requires_action</c> step not answered yet. A server may still show
        /// the step just answered for a moment; those calls are not run twice.</summary>
        private List<ToolCall> PendingCalls()
        {
            var actions = _run.RequiredActions;
            if (actions is null || actions.Count == 0)
            {
                throw new InvalidOperationException(
                    $"Run '{RunId}' is in status requires_action but lists no tool calls to submit outputs for.");
            }

            var calls = new List<ToolCall>(actions.Count);
            foreach (var action in actions)
            {
                if (!_answeredCallIds.Contains(action.ToolCallId))
                {
                    calls.Add(new ToolCall(action.ToolCallId, action.FunctionName ?? "", action.FunctionArguments ?? ""));
                }
            }

            return calls;
        }

        private async Task AnswerAsync(List<ToolCall> calls, CancellationToken cancellationToken)
        {
            _rounds++;
            var results = await ToolRound.RunAsync(runner._tools, calls, cancellationToken).ConfigureAwait(false);

            // Tools need not observe the token; a caller who cancelled meanwhile does not want the outputs sent.
            cancellationToken.ThrowIfCancellationRequested();
            var outputs = new List<ToolOutput>(calls.Count);
            for (var i = 0; i < calls.Count; i++)
            {
                _answeredCallIds.Add(calls[i].Id);
                _exchanges.Add(new ToolCallExchange(_rounds, calls[i], results[i]));
                outputs.Add(new ToolOutput(calls[i].Id, results[i].Output));
                await RaiseAsync(new ToolCallCompleted(ThreadId, RunId, _rounds, calls[i], results[i])).ConfigureAwait(false);
            }

            LogRound(runner._logger, RunId, _rounds, outputs.Count, null);
            try
            {
                _run = await runner._client.SubmitToolOutputsToRunAsync(ThreadId, RunId, outputs, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (ClientResultException) when (!cancellationToken.IsCancellationRequested)
            {
                // The run may have expired or been cancelled while the tools ran; the API then refuses the outputs.
                // That is the run's ending, not the caller's error. A refusal of a run still waiting is rethrown.
                ThreadRun current = await runner._client.GetRunAsync(ThreadId, RunId, cancellationToken).ConfigureAwait(false);
                if (current.Status == RunStatus.RequiresAction && StillWaitingFor(current, calls))
                {
                    throw;
                }

                _run = current;
                LogSubmitRefused(runner._logger, RunId, current.Status.ToString(), null);
            }

            _interval = runner._options.InitialPollInterval;
            await ReportStatusAsync().ConfigureAwait(false);
        }

        private static bool StillWaitingFor(ThreadRun run, List<ToolCall> calls)
            => run.RequiredActions?.Any(a => calls.Exists(c => c.Id == a.ToolCallId)) == true;

        private async Task<AssistantRunOutcome> StopAtRoundLimitAsync(CancellationToken cancellationToken)
        {
            LogRoundLimit(runner._logger, RunId, _rounds, null);
            try
            {
                _run = await runner._client.CancelRunAsync(ThreadId, RunId, cancellationToken).ConfigureAwait(false);
            }
            catch (ClientResultException) when (!cancellationToken.IsCancellationRequested)
            {
                // The run may have ended on its own meanwhile (e.g. expired); then that ending is the outcome.
                ThreadRun current = await runner._client.GetRunAsync(ThreadId, RunId, cancellationToken).ConfigureAwait(false);
                if (!current.Status.IsTerminal)
                {
                    throw;
                }

                _run = current;
                await ReportStatusAsync().ConfigureAwait(false);
                return await FinishAsync(limitReached: false, cancellationToken).ConfigureAwait(false);
            }

            await ReportStatusAsync().ConfigureAwait(false);
            _interval = runner._options.InitialPollInterval;

            // Wait for "cancelling" to settle so the thread is free for the caller's next run.
            while (!_run.Status.IsTerminal)
            {
                await PollAsync(cancellationToken).ConfigureAwait(false);
            }

            return await FinishAsync(limitReached: true, cancellationToken).ConfigureAwait(false);
        }

        private async Task PollAsync(CancellationToken cancellationToken)
        {
            if (_interval > TimeSpan.Zero)
            {
                await Task.Delay(_interval, runner._options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }

            var next = TimeSpan.FromTicks((long)Math.Min(_interval.Ticks * runner._options.PollBackoffFactor, runner._options.MaxPollInterval.Ticks));
            _interval = next;
            _run = await runner._client.GetRunAsync(ThreadId, RunId, cancellationToken).ConfigureAwait(false);
            await ReportStatusAsync().ConfigureAwait(false);
        }

        private async Task<AssistantRunOutcome> FinishAsync(bool limitReached, CancellationToken cancellationToken)
        {
            var status = limitReached ? AssistantRunStatus.ToolRoundLimit : Classify(_run.Status);
            var reply = status == AssistantRunStatus.Completed
                ? await ReadReplyAsync(cancellationToken).ConfigureAwait(false)
                : null;
            var error = status == AssistantRunStatus.Failed && _run.LastError is { } lastError
                ? new AssistantRunError(lastError.Code.ToString(), lastError.Message ?? "")
                : null;
            var incompleteReason = status == AssistantRunStatus.Incomplete ? _run.IncompleteDetails?.Reason?.ToString() : null;
            return new AssistantRunOutcome
            {
                Status = status,
                RunStatus = _run.Status.ToString(),
                ThreadId = ThreadId,
                RunId = RunId,
                Reply = reply,
                LastError = error,
                IncompleteReason = incompleteReason,
                ToolCalls = _exchanges.ToArray(),
                ToolRounds = _rounds,
                Run = _run,
            };
        }

        private static AssistantRunStatus Classify(RunStatus status)
        {
            if (status == RunStatus.Completed)
            {
                return AssistantRunStatus.Completed;
            }

            if (status == RunStatus.Failed)
            {
                return AssistantRunStatus.Failed;
            }

            if (status == RunStatus.Expired)
            {
                return AssistantRunStatus.Expired;
            }

            if (status == RunStatus.Cancelled)
            {
                return AssistantRunStatus.Cancelled;
            }

            if (status == RunStatus.Incomplete)
            {
                return AssistantRunStatus.Incomplete;
            }

            throw new InvalidOperationException($"The run status '{status}' is not a terminal status.");
        }

        /// <summary>The text of the assistant messages this run created, oldest first. The thread is read newest
        /// first and only back to the run's creation, so a long thread is not read whole.</summary>
        private async Task<string> ReadReplyAsync(CancellationToken cancellationToken)
        {
            var texts = new List<string>();
            var messages = runner._client.GetMessagesAsync(
                ThreadId,
                new MessageCollectionOptions { Order = MessageCollectionOrder.Descending },
                cancellationToken);
            await foreach (var message in messages.ConfigureAwait(false))
            {
                if (message.CreatedAt < _run.CreatedAt)
                {
                    break;
                }

                if (message.RunId != RunId || message.Role != MessageRole.Assistant)
                {
                    continue;
                }

                var text = new StringBuilder();
                foreach (var content in message.Content)
                {
                    if (!string.IsNullOrEmpty(content.Text))
                    {
                        text.Append(content.Text);
                    }
                }

                if (text.Length > 0)
                {
                    texts.Add(text.ToString());
                }
            }

            texts.Reverse();
            return string.Join("\n\n", texts);
        }

        private async ValueTask ReportStatusAsync()
        {
            var status = _run.Status.ToString();
            if (status == _reportedStatus)
            {
                return;
            }

            _reportedStatus = status;
            LogStatus(runner._logger, RunId, ThreadId, status, null);
            await RaiseAsync(new RunStatusChanged(ThreadId, RunId, status)).ConfigureAwait(false);
        }

        private ValueTask RaiseAsync(AssistantRunEvent runEvent)
            => runner._options.OnEvent is { } onEvent ? onEvent(runEvent) : ValueTask.CompletedTask;
    }
}
