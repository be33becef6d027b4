using System.ClientModel;
using OpenAI.Assistants;

namespace ToolGen.OpenAI;

/// <summary>
/// Drives an Assistants API run to its end over the official SDK's <see cref="AssistantClient"/>, answering every
/// <c>requires_action</c> step with the tools of a <see cref="ToolSet"/>: a thin facade over ToolGen's one tool loop
/// (docs/runners.md).
/// </summary>
/// <remarks>
/// <para>The run lifecycle is the one the Assistants API documents
/// (<see href="https://platform.openai.com/docs/assistants/how-it-works/run-lifecycle">run lifecycle</see>,
/// <see href="https://platform.openai.com/docs/api-reference/runs/submitToolOutputs">submit tool outputs</see>): a
/// run waiting for tools has status <c>requires_action</c>; the client runs each of
/// <c>required_action.submit_tool_outputs.tool_calls</c> and posts all outputs in one <c>submit_tool_outputs</c>
/// request before <c>expires_at</c>; the run then goes on until <c>completed</c>, <c>failed</c>, <c>expired</c>,
/// <c>cancelled</c> or <c>incomplete</c>.</para>
/// <para>The runner polls with backoff, or follows the run's event streams when
/// <see cref="ToolRunnerOptions.Streaming"/> is set. A call id listed twice in one step runs once and is answered
/// once; a step that still shows calls already answered is polled again, not answered twice. Calls still running at
/// <see cref="ToolRunnerOptions.ExpiryMargin"/> before <c>expires_at</c> are answered with <c>tool_timeout</c>, and
/// nothing is submitted after <c>expires_at</c>. At a limit, and when the caller's token is cancelled, the run is
/// cancelled on the server. If a submission is refused because the run ended meanwhile, the outcome is the run's
/// ending.</para>
/// <para>OpenAI shut the Assistants API down on 2026-08-26; the runner works against servers that still speak it,
/// such as ToolGen's emulator. An instance holds no per-run state: it may drive several runs, also
/// concurrently.</para>
/// </remarks>
/// <param name="client">The Assistants client; its endpoint must be a server that still speaks Assistants v2.</param>
/// <param name="tools">The tools that answer each <c>requires_action</c> step. The assistant (or the run's tools
/// override) must define the same functions: see <see cref="OpenAIToolConversions.ToFunctionToolDefinitions"/>.</param>
/// <param name="options">Polling, limits, budgets and events, or <see langword="null"/> for the defaults.</param>
/// <exception cref="ArgumentNullException"><paramref name="client"/> or <paramref name="tools"/> is missing.</exception>
/// <exception cref="ArgumentOutOfRangeException">An interval, factor, limit or budget of
/// <paramref name="options"/> is out of range.</exception>
public sealed class AssistantRunner(AssistantClient client, ToolSet tools, ToolRunnerOptions? options = null)
{
    private readonly RunnerCore<AssistantClient> _core = new("assistants", client, tools, options);

    /// <summary>Creates a thread holding one user message, runs <paramref name="assistantId"/> on it and drives the
    /// run to its end.</summary>
    /// <param name="assistantId">The assistant (<c>asst_…</c>).</param>
    /// <param name="userMessage">The user's message text.</param>
    /// <param name="options">Run settings passed to the API as given, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops the run: it is cancelled on the server (best effort) and the outcome is
    /// <see cref="ToolRunStatus.Cancelled"/>.</param>
    /// <returns>How the run ended; <see cref="ToolRunOutcome.Reply"/> is the answer when it completed.</returns>
    /// <exception cref="ArgumentException"><paramref name="assistantId"/> is empty (<see cref="ArgumentNullException"/>
    /// when it or <paramref name="userMessage"/> is <see langword="null"/>).</exception>
    /// <exception cref="ClientResultException">The API refused a request or could not be reached.</exception>
    /// <exception cref="InvalidOperationException">The server sent a <c>requires_action</c> run without tool calls, or
    /// a stream reported an <c>error</c> event or ended while the run was neither finished nor waiting.</exception>
    public Task<ToolRunOutcome> AskAsync(
        string assistantId,
        string userMessage,
        RunCreationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userMessage);
        return CreateThreadAndRunAsync(assistantId, UserThread(userMessage), options, cancellationToken);
    }

    /// <summary>Creates a thread and a run of <paramref name="assistantId"/> on it in one request
    /// (<c>POST /threads/runs</c>) and drives the run to its end.</summary>
    /// <param name="assistantId">The assistant (<c>asst_…</c>).</param>
    /// <param name="threadOptions">The new thread's initial messages and settings, or <see langword="null"/>.</param>
    /// <param name="options">Run settings passed to the API as given, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops the run, as for <see cref="AskAsync"/>.</param>
    /// <returns>How the run ended; <see cref="ToolRunOutcome.ThreadId"/> is the new thread.</returns>
    /// <exception cref="ArgumentException"><paramref name="assistantId"/> is empty (<see cref="ArgumentNullException"/>
    /// when <see langword="null"/>).</exception>
    /// <exception cref="ClientResultException">The API refused a request or could not be reached.</exception>
    /// <exception cref="InvalidOperationException">As for <see cref="AskAsync"/>.</exception>
    public Task<ToolRunOutcome> CreateThreadAndRunAsync(
        string assistantId,
        ThreadCreationOptions? threadOptions = null,
        RunCreationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(assistantId);
        return DriveNewAsync(
            async ct => await _core.Client.CreateThreadAndRunAsync(assistantId, threadOptions, options, ct).ConfigureAwait(false),
            ct => _core.Client.CreateThreadAndRunStreamingAsync(assistantId, threadOptions, options, ct),
            cancellationToken);
    }

    /// <summary>Starts a run of <paramref name="assistantId"/> on an existing thread and drives it to its end.</summary>
    /// <param name="threadId">The thread (<c>thread_…</c>), holding the user's message(s).</param>
    /// <param name="assistantId">The assistant (<c>asst_…</c>).</param>
    /// <param name="options">Run settings passed to the API as given, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops the run, as for <see cref="AskAsync"/>.</param>
    /// <returns>How the run ended.</returns>
    /// <exception cref="ArgumentException"><paramref name="threadId"/> or <paramref name="assistantId"/> is empty
    /// (<see cref="ArgumentNullException"/> when <see langword="null"/>).</exception>
    /// <exception cref="ClientResultException">The API refused a request or could not be reached.</exception>
    /// <exception cref="InvalidOperationException">As for <see cref="AskAsync"/>.</exception>
    public Task<ToolRunOutcome> RunAsync(
        string threadId,
        string assistantId,
        RunCreationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(threadId);
        ArgumentException.ThrowIfNullOrEmpty(assistantId);
        return DriveNewAsync(
            async ct => await _core.Client.CreateRunAsync(threadId, assistantId, options, ct).ConfigureAwait(false),
            ct => _core.Client.CreateRunStreamingAsync(threadId, assistantId, options, ct),
            cancellationToken);
    }

    /// <summary>Drives a run that already exists to its end: one created with options this class does not cover, or
    /// one taken over while it waits in <c>requires_action</c> (after a crash, or from another process). Polls until a
    /// step is due; submissions stream when <see cref="ToolRunnerOptions.Streaming"/> is set.</summary>
    /// <remarks>Taking over a waiting run: the loop knows nothing of outputs computed before, so it would run every
    /// listed call. Answer the calls whose outputs you already have, and those of tools that are not idempotent, with
    /// <see cref="ToolRunnerOptions.BeforeToolCall"/>.</remarks>
    /// <param name="run">The run as the API returned it from its creation or a later get.</param>
    /// <param name="cancellationToken">Stops the run, as for <see cref="AskAsync"/>.</param>
    /// <returns>How the run ended.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="run"/> is <see langword="null"/>.</exception>
    /// <exception cref="ClientResultException">The API refused a request or could not be reached.</exception>
    /// <exception cref="InvalidOperationException">As for <see cref="AskAsync"/>.</exception>
    public Task<ToolRunOutcome> DriveAsync(ThreadRun run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        return _core.RunAsync((loop, client) => new AssistantTurns(loop, client, run, null, null), cancellationToken);
    }

    private Task<ToolRunOutcome> DriveNewAsync(
        Func<CancellationToken, Task<ThreadRun>> create,
        Func<CancellationToken, Task<AsyncStreamingResult<StreamingUpdate>>> createStreaming,
        CancellationToken cancellationToken)
        => _core.RunAsync((loop, client) => new AssistantTurns(loop, client, null, create, createStreaming), cancellationToken);

    private static ThreadCreationOptions UserThread(string userMessage) => new()
    {
        InitialMessages = { new ThreadInitializationMessage(MessageRole.User, [MessageContent.FromText(userMessage)]) },
    };
}
