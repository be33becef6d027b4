using System.ClientModel;
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
/// concurrently through <see cref="ToolRound"/>, within the limits of <see cref="AssistantRunnerOptions.ToolRound"/>,
/// submits all outputs of the round in one
/// <c>SubmitToolOutputsToRunAsync</c> call, and stops after <see cref="AssistantRunnerOptions.MaxToolRounds"/> rounds
/// by cancelling the run. A model's mistake (bad arguments, an unknown tool) is submitted as an error output and the
/// run goes on. If a submission is refused because the run expired or was cancelled meanwhile, the runner reports the
/// run's terminal status instead of throwing.</para>
/// <para><see cref="RunStreamingAsync"/>, <see cref="CreateThreadAndRunStreamingAsync"/> and
/// <see cref="AskStreamingAsync"/> stream the run instead of polling it (<c>"stream": true</c>, server-sent
/// <c>thread.run.*</c> and <c>thread.message.*</c> events): the run's status is taken from each
/// <c>thread.run.*</c> event, its text arrives as <see cref="RunTextDelta"/> events, the outputs of a
/// <c>thread.run.requires_action</c> step go back in one <c>SubmitToolOutputsToRunStreamingAsync</c> call whose
/// stream continues the run, and the reply is the streamed text. The outcome and the other events are the same as
/// with polling. They poll only where no stream is open: after cancelling a run at the round limit, and after a
/// refused submission.</para>
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
    private readonly ToolRoundOptions _roundOptions;

    /// <summary>Creates a runner.</summary>
    /// <param name="client">The SDK client the runs are driven through.</param>
    /// <param name="tools">The tools that answer the runs' tool calls. The assistant (or the run's tools override)
    /// must define the same functions; see <see cref="OpenAIToolConversions.ToFunctionToolDefinitions"/>.</param>
    /// <param name="options">Polling, limits, clock and events; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="client"/>, <paramref name="tools"/> or
    /// <see cref="AssistantRunnerOptions.TimeProvider"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An interval is negative, <see cref="AssistantRunnerOptions.MaxPollInterval"/>
    /// is below <see cref="AssistantRunnerOptions.InitialPollInterval"/> or above
    /// <see cref="ToolRoundOptions.MaxCallTimeout"/> (about 49.7 days, the longest wait a timer takes), the backoff factor is below 1 (or not a
    /// number), or <see cref="AssistantRunnerOptions.MaxToolRounds"/> is negative.</exception>
    public AssistantRunner(AssistantClient client, ToolSet tools, AssistantRunnerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(tools);
        options ??= new AssistantRunnerOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.InitialPollInterval, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxPollInterval, options.InitialPollInterval, nameof(options));

        // Task.Delay takes at most uint.MaxValue - 1 ms; a longer cap would fail in the middle of a run.
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.MaxPollInterval, ToolRoundOptions.MaxCallTimeout, nameof(options));
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
        _roundOptions = (options.ToolRound ?? ToolRoundOptions.Default).WithFallbackLogger(options.Logger);
    }

    /// <summary>Starts a run of <paramref name="assistantId"/> on an existing thread and drives it to its end.</summary>
    /// <param name="threadId">The thread (<c>thread_…</c>), holding the user's message(s).</param>
    /// <param name="assistantId">The assistant (<c>asst_…</c>).</param>
    /// <param name="runOptions">Run settings passed to the API as given (instructions, tools override, …), or
    /// <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops driving the run; the run itself is left as it is on the server.</param>
    /// <returns>How the run ended.</returns>
    /// <exception cref="ArgumentException"><paramref name="threadId"/> or <paramref name="assistantId"/> is empty
    /// (<see cref="ArgumentNullException"/> when <see langword="null"/>).</exception>
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
    /// <exception cref="ArgumentException"><paramref name="assistantId"/> is empty (<see cref="ArgumentNullException"/>
    /// when <see langword="null"/>).</exception>
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
    /// <exception cref="ArgumentException"><paramref name="assistantId"/> is empty (<see cref="ArgumentNullException"/>
    /// when it or <paramref name="userMessage"/> is <see langword="null"/>).</exception>
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
        return CreateThreadAndRunAsync(assistantId, UserThread(userMessage), runOptions, cancellationToken);
    }

    /// <summary>Starts a run of <paramref name="assistantId"/> on an existing thread and drives it to its end like
    /// <see cref="RunAsync"/>, streaming it instead of polling: its text arrives as <see cref="RunTextDelta"/> events
    /// while it is generated.</summary>
    /// <param name="threadId">The thread (<c>thread_…</c>), holding the user's message(s).</param>
    /// <param name="assistantId">The assistant (<c>asst_…</c>).</param>
    /// <param name="runOptions">Run settings passed to the API as given (the SDK sets <c>stream</c> on it), or
    /// <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops driving the run (also in the middle of a stream); the run itself is left
    /// as it is on the server.</param>
    /// <returns>How the run ended, exactly as <see cref="RunAsync"/> reports it.</returns>
    /// <exception cref="ArgumentException"><paramref name="threadId"/> or <paramref name="assistantId"/> is empty
    /// (<see cref="ArgumentNullException"/> when <see langword="null"/>).</exception>
    /// <exception cref="ClientResultException">The API refused a request or could not be reached (other than a
    /// submission refused because the run ended meanwhile).</exception>
    /// <exception cref="InvalidOperationException">A stream reported an <c>error</c> event (the SDK's exception is
    /// the inner exception), or ended while the run was neither in a terminal status nor waiting for tool outputs
    /// (drive such a run on with <see cref="DriveAsync"/> and <c>AssistantClient.GetRunAsync</c>); or the server sent a
    /// <c>requires_action</c> run without tool calls.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<AssistantRunOutcome> RunStreamingAsync(
        string threadId,
        string assistantId,
        RunCreationOptions? runOptions = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(threadId);
        ArgumentException.ThrowIfNullOrEmpty(assistantId);
        return await new RunDriver(this, run: null, streaming: true)
            .DriveStreamingAsync(() => _client.CreateRunStreamingAsync(threadId, assistantId, runOptions, cancellationToken), cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Creates a thread and a run of <paramref name="assistantId"/> on it in one request
    /// (<c>POST /threads/runs</c> with <c>"stream": true</c>) and drives the run to its end like
    /// <see cref="CreateThreadAndRunAsync"/>, streaming it instead of polling: its text arrives as
    /// <see cref="RunTextDelta"/> events while it is generated.</summary>
    /// <param name="assistantId">The assistant (<c>asst_…</c>).</param>
    /// <param name="threadOptions">The new thread's initial messages and settings, or <see langword="null"/>.</param>
    /// <param name="runOptions">Run settings passed to the API as given (the SDK sets <c>stream</c> on it), or
    /// <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops driving the run (also in the middle of a stream); the run itself is left
    /// as it is on the server.</param>
    /// <returns>How the run ended; <see cref="AssistantRunOutcome.ThreadId"/> is the new thread.</returns>
    /// <exception cref="ArgumentException"><paramref name="assistantId"/> is empty (<see cref="ArgumentNullException"/>
    /// when <see langword="null"/>).</exception>
    /// <exception cref="ClientResultException">The API refused a request or could not be reached (other than a
    /// submission refused because the run ended meanwhile).</exception>
    /// <exception cref="InvalidOperationException">A stream reported an <c>error</c> event, or ended while the run
    /// was neither in a terminal status nor waiting for tool outputs; or the server sent a <c>requires_action</c> run
    /// without tool calls.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<AssistantRunOutcome> CreateThreadAndRunStreamingAsync(
        string assistantId,
        ThreadCreationOptions? threadOptions = null,
        RunCreationOptions? runOptions = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(assistantId);
        return await new RunDriver(this, run: null, streaming: true)
            .DriveStreamingAsync(
                () => _client.CreateThreadAndRunStreamingAsync(assistantId, threadOptions, runOptions, cancellationToken),
                cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Creates a thread holding one user message, runs <paramref name="assistantId"/> on it and drives the
    /// run to its end like <see cref="AskAsync"/>, streaming it instead of polling: the answer arrives as
    /// <see cref="RunTextDelta"/> events while it is generated.</summary>
    /// <param name="assistantId">The assistant (<c>asst_…</c>).</param>
    /// <param name="userMessage">The user's message text.</param>
    /// <param name="runOptions">Run settings passed to the API as given, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops driving the run (also in the middle of a stream); the run itself is left
    /// as it is on the server.</param>
    /// <returns>How the run ended, exactly as <see cref="AskAsync"/> reports it.</returns>
    /// <exception cref="ArgumentException"><paramref name="assistantId"/> is empty (<see cref="ArgumentNullException"/>
    /// when it or <paramref name="userMessage"/> is <see langword="null"/>).</exception>
    /// <exception cref="ClientResultException">The API refused a request or could not be reached.</exception>
    /// <exception cref="InvalidOperationException">A stream reported an <c>error</c> event, or ended while the run
    /// was neither in a terminal status nor waiting for tool outputs; or the server sent a <c>requires_action</c> run
    /// without tool calls.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<AssistantRunOutcome> AskStreamingAsync(
        string assistantId,
        string userMessage,
        RunCreationOptions? runOptions = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userMessage);
        return CreateThreadAndRunStreamingAsync(assistantId, UserThread(userMessage), runOptions, cancellationToken);
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
        return new RunDriver(this, run, streaming: false).DriveAsync(cancellationToken);
    }

    private static ThreadCreationOptions UserThread(string userMessage) => new()
    {
        InitialMessages = { new ThreadInitializationMessage(MessageRole.User, [MessageContent.FromText(userMessage)]) },
    };

    /// <summary>The state of driving one run.</summary>
    /// <param name="runner">The runner whose client, tools and options are used.</param>
    /// <param name="run">The run to drive, or <see langword="null"/> when a stream starts it.</param>
    /// <param name="streaming">Whether tool outputs are submitted with streaming and the run is followed through the
    /// streams instead of being polled.</param>
    private sealed class RunDriver(AssistantRunner runner, ThreadRun? run, bool streaming)
    {
        private readonly List<ToolCallExchange> _exchanges = [];
        /// <summary>The output submitted for each call answered so far, by call id.</summary>
        private readonly Dictionary<string, string> _submittedOutputs = new(StringComparer.Ordinal);
        private readonly StreamedMessages _messages = new();
        private ThreadRun? _run = run;
        private string? _reportedStatus;
        private int _rounds;
        private TimeSpan _interval = runner._options.InitialPollInterval;

        /// <summary>Whether the run's current state came from a stream that has ended: a run that is then neither
        /// finished nor waiting for tool outputs was left unfinished by the stream.</summary>
        private bool _streamEnded;

        /// <summary>Whether every state of the run came from its streams, so their messages are all of the run's
        /// text. A refused submission or a poll breaks that; the reply is then read from the thread.</summary>
        private bool _onlyStreamed = true;

        /// <summary>Whether an update is being taken, events included: an exception the caller's event handler
        /// throws, even a <see cref="ClientResultException"/> of its own requests, is not the stream's error.</summary>
        private bool _inHandler;

        private ThreadRun Run => _run
            ?? throw new InvalidOperationException("The run's event stream sent other events before the run itself.");

        private string ThreadId => Run.ThreadId;

        private string RunId => Run.Id;

        public async Task<AssistantRunOutcome> DriveAsync(CancellationToken cancellationToken)
        {
            await ReportStatusAsync().ConfigureAwait(false);
            return await LoopAsync(cancellationToken).ConfigureAwait(false);
        }

        public async Task<AssistantRunOutcome> DriveStreamingAsync(
            Func<Task<AsyncStreamingResult<StreamingUpdate>>> start,
            CancellationToken cancellationToken)
        {
            await ReadStreamAsync(await start().ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            if (_run is null)
            {
                throw new InvalidOperationException("The run's event stream ended without reporting the run.");
            }

            return await LoopAsync(cancellationToken).ConfigureAwait(false);
        }

        private async Task<AssistantRunOutcome> LoopAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                if (Run.Status.IsTerminal)
                {
                    return await FinishAsync(limitReached: false, cancellationToken).ConfigureAwait(false);
                }

                if (Run.Status == RunStatus.RequiresAction)
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

                if (_streamEnded)
                {
                    throw new InvalidOperationException(
                        $"The event stream of run '{RunId}' on thread '{ThreadId}' ended while the run was {Run.Status}, "
                        + "neither finished nor waiting for tool outputs. The run goes on on the server; poll it to its end "
                        + "with AssistantRunner.DriveAsync(AssistantClient.GetRunAsync(threadId, runId)).");
                }

                await PollAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>Follows one event stream to its end: each <c>thread.run.*</c> event is the run's new state, and
        /// each message event adds to the run's text.</summary>
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
                    var which = _run is null ? "The run's event stream" : $"The event stream of run '{RunId}' on thread '{ThreadId}'";
                    throw new InvalidOperationException($"{which} reported an error: {exception.Message}", exception);
                }
            }

            _streamEnded = true;
        }

        private async ValueTask TakeAsync(StreamingUpdate update)
        {
            switch (update)
            {
                // A requires_action event comes as one RequiredActionUpdate per tool call, each carrying the whole
                // run; the status is reported once.
                case RunUpdate { Value: { } streamedRun }:
                    _run = streamedRun;
                    await ReportStatusAsync().ConfigureAwait(false);
                    break;
                case MessageStatusUpdate { Value: { } message } status:
                    _messages.Update(message, status.UpdateKind);
                    break;
                case MessageContentUpdate { Text: { Length: > 0 } text } content:
                    _messages.Append(content.MessageId, text);
                    await RaiseAsync(new RunTextDelta(ThreadId, RunId, content.MessageId, text)).ConfigureAwait(false);
                    break;
            }
        }

        /// <summary>The calls of the current <c>requires_action</c> step not answered yet. A server may still show
        /// the step just answered for a moment; those calls are not run twice. A step that lists an answered call
        /// along with new ones gets that call's earlier output again (see <see cref="AnswerAsync"/>).</summary>
        private List<ToolCall> PendingCalls()
        {
            var actions = Run.RequiredActions;
            if (actions is null || actions.Count == 0)
            {
                throw new InvalidOperationException(
                    $"Run '{RunId}' is in status requires_action but lists no tool calls to submit outputs for.");
            }

            var calls = new List<ToolCall>(actions.Count);
            foreach (var action in actions)
            {
                if (!_submittedOutputs.ContainsKey(action.ToolCallId))
                {
                    calls.Add(new ToolCall(action.ToolCallId, action.FunctionName ?? "", action.FunctionArguments ?? ""));
                }
            }

            return calls;
        }

        private async Task AnswerAsync(List<ToolCall> calls, CancellationToken cancellationToken)
        {
            _rounds++;
            var results = await ToolRound.RunAsync(runner._tools, calls, runner._roundOptions, cancellationToken).ConfigureAwait(false);

            // Tools need not observe the token; a caller who cancelled meanwhile does not want the outputs sent.
            cancellationToken.ThrowIfCancellationRequested();
            for (var i = 0; i < calls.Count; i++)
            {
                _submittedOutputs[calls[i].Id] = results[i].Output;
                _exchanges.Add(new ToolCallExchange(_rounds, calls[i], results[i]));
                await RaiseAsync(new ToolCallCompleted(ThreadId, RunId, _rounds, calls[i], results[i])).ConfigureAwait(false);
            }

            // The API takes the outputs of all of a step's calls in one request. A call answered in an earlier round
            // that the step lists again gets the output it got then: it is not run twice.
            var outputs = new List<ToolOutput>(Run.RequiredActions.Count);
            var next = 0;
            foreach (var action in Run.RequiredActions)
            {
                var output = next < calls.Count && calls[next].Id == action.ToolCallId
                    ? results[next++].Output
                    : _submittedOutputs[action.ToolCallId];
                outputs.Add(new ToolOutput(action.ToolCallId, output));
            }

            LogRound(runner._logger, RunId, _rounds, outputs.Count, null);
            AsyncStreamingResult<StreamingUpdate>? continued = null;
            try
            {
                if (streaming)
                {
                    continued = await runner._client.SubmitToolOutputsToRunStreamingAsync(ThreadId, RunId, outputs, cancellationToken)
                        .ConfigureAwait(false);
                }
                else
                {
                    _run = await runner._client.SubmitToolOutputsToRunAsync(ThreadId, RunId, outputs, cancellationToken)
                        .ConfigureAwait(false);
                }
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
                _streamEnded = false;
                _onlyStreamed = false;
                LogSubmitRefused(runner._logger, RunId, current.Status.ToString(), null);
            }

            if (continued is not null)
            {
                await ReadStreamAsync(continued, cancellationToken).ConfigureAwait(false);
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
                _streamEnded = false;
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
            while (!Run.Status.IsTerminal)
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
            _streamEnded = false;
            _onlyStreamed = false;
            await ReportStatusAsync().ConfigureAwait(false);
        }

        private async Task<AssistantRunOutcome> FinishAsync(bool limitReached, CancellationToken cancellationToken)
        {
            var status = limitReached ? AssistantRunStatus.ToolRoundLimit : Classify(Run.Status);
            string? reply = null;
            if (status == AssistantRunStatus.Completed)
            {
                reply = streaming && _onlyStreamed ? _messages.ReplyOf(RunId) : await ReadReplyAsync(cancellationToken).ConfigureAwait(false);
            }

            var error = status == AssistantRunStatus.Failed && Run.LastError is { } lastError
                ? new AssistantRunError(lastError.Code.ToString(), lastError.Message ?? "")
                : null;
            var incompleteReason = status == AssistantRunStatus.Incomplete ? Run.IncompleteDetails?.Reason?.ToString() : null;
            return new AssistantRunOutcome
            {
                Status = status,
                RunStatus = Run.Status.ToString(),
                ThreadId = ThreadId,
                RunId = RunId,
                Reply = reply,
                LastError = error,
                IncompleteReason = incompleteReason,
                ToolCalls = _exchanges.ToArray(),
                ToolRounds = _rounds,
                Run = Run,
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
                if (message.CreatedAt < Run.CreatedAt)
                {
                    break;
                }

                if (message.RunId != RunId || message.Role != MessageRole.Assistant)
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

        private async ValueTask ReportStatusAsync()
        {
            var status = Run.Status.ToString();
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
