using System.ClientModel;
using OpenAI.Responses;

namespace ToolGen.OpenAI;

/// <summary>
/// Drives a Responses API conversation over the official SDK's <see cref="ResponsesClient"/> until the model answers,
/// running every function call it makes with the tools of a <see cref="ToolSet"/>: a thin facade over ToolGen's one
/// tool loop (docs/runners.md).
/// </summary>
/// <remarks>
/// <para>The wire is the one OpenAI's function-calling guide describes for the Responses API, the successor of the
/// Assistants API (<see href="https://platform.openai.com/docs/guides/function-calling">function calling</see>): a
/// response's <c>output</c> holds <c>function_call</c> items (<c>call_id</c>, <c>name</c>, <c>arguments</c>); the
/// client runs them and creates the next response with one <c>function_call_output</c> item per call id, until a
/// response has no function call left.</para>
/// <para>The runner offers the tool set's functions as <c>tools</c> (see
/// <see cref="OpenAIToolConversions.ToResponseTool"/>) unless the caller's options already list tools, and continues
/// the conversation as <see cref="ToolRunnerOptions.Continuation"/> says (by default with
/// <c>previous_response_id</c>; with a <c>conversation</c> set, only the outputs are sent). Function calls of a
/// response that is not <c>completed</c> are not run.</para>
/// <para>The caller's options are not changed: the runner works on a copy. An instance holds no per-conversation
/// state: it may drive several conversations, also concurrently.</para>
/// </remarks>
/// <param name="client">The Responses client.</param>
/// <param name="tools">Offered as function <c>tools</c> unless a request lists its own; they answer every
/// <c>function_call</c> item.</param>
/// <param name="options">Continuation, limits, budgets, streaming and events (defaults when
/// <see langword="null"/>).</param>
/// <exception cref="ArgumentNullException">The client or the tools are <see langword="null"/>.</exception>
/// <exception cref="ArgumentOutOfRangeException">The continuation, a limit or a budget is not valid.</exception>
public sealed class ResponsesRunner(ResponsesClient client, ToolSet tools, ToolRunnerOptions? options = null)
{
    private readonly RunnerCore<ResponsesClient> _core = new("responses", client, tools, options);

    /// <summary>Sends one user message to <paramref name="model"/> and drives the conversation to the model's
    /// answer.</summary>
    /// <param name="model">The model, e.g. <c>gpt-4o-mini</c>.</param>
    /// <param name="userMessage">The user's message text.</param>
    /// <param name="options">Request settings (instructions, <c>tool_choice</c>, <c>store</c>, …) whose model and input
    /// items are replaced, or <see langword="null"/>. Not changed.</param>
    /// <param name="cancellationToken">Stops the conversation; the outcome is then
    /// <see cref="ToolRunStatus.Cancelled"/>.</param>
    /// <returns>How the conversation ended; <see cref="ToolRunOutcome.Reply"/> is the answer when it completed.</returns>
    /// <exception cref="ArgumentException"><paramref name="model"/> is <see langword="null"/> or empty, or
    /// <paramref name="options"/> asks for streaming (use <see cref="ToolRunnerOptions.Streaming"/>) or background
    /// mode.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="userMessage"/> is <see langword="null"/>.</exception>
    /// <exception cref="ClientResultException">The API refused a request or could not be reached.</exception>
    /// <exception cref="InvalidOperationException">A response came back still <c>queued</c> or <c>in_progress</c>, or
    /// a stream reported an <c>error</c> event or ended without the response.</exception>
    public Task<ToolRunOutcome> AskAsync(
        string model,
        string userMessage,
        CreateResponseOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(model);
        ArgumentNullException.ThrowIfNull(userMessage);
        var request = options is null ? new CreateResponseOptions(model, []) : RequestCopy.Of(options);
        request.Model = model;
        request.InputItems.Clear();
        request.InputItems.Add(ResponseItem.CreateUserMessageItem(userMessage));
        return Start(request, cancellationToken);
    }

    /// <summary>Creates a response from <paramref name="options"/> and drives the conversation to the model's
    /// answer.</summary>
    /// <param name="options">The first request: <see cref="CreateResponseOptions.Model"/>, the input items and any
    /// settings (instructions, <c>tool_choice</c>, <c>store</c>, a <c>previous_response_id</c> or a
    /// <c>conversation</c> to continue, …), sent with every request. When its <see cref="CreateResponseOptions.Tools"/>
    /// is empty the tool set's functions are offered. Not changed.</param>
    /// <param name="cancellationToken">Stops the conversation; the outcome is then
    /// <see cref="ToolRunStatus.Cancelled"/>.</param>
    /// <returns>How the conversation ended.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> asks for streaming (use
    /// <see cref="ToolRunnerOptions.Streaming"/>) or background mode, which this runner does not drive.</exception>
    /// <exception cref="ClientResultException">The API refused a request or could not be reached.</exception>
    /// <exception cref="InvalidOperationException">A response came back still <c>queued</c> or <c>in_progress</c>, or
    /// a stream reported an <c>error</c> event or ended without the response.</exception>
    public Task<ToolRunOutcome> RunAsync(CreateResponseOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Start(RequestCopy.Of(options), cancellationToken);
    }

    private Task<ToolRunOutcome> Start(CreateResponseOptions request, CancellationToken cancellationToken)
    {
        if (request.StreamingEnabled == true)
        {
            throw new ArgumentException(
                "The options ask for streaming; set ToolRunnerOptions.Streaming instead.", "options");
        }

        if (request.BackgroundModeEnabled == true)
        {
            throw new ArgumentException(
                "The runner waits for each response to finish; background responses are not supported.", "options");
        }

        request.StreamingEnabled = _core.Options.Streaming ? true : null;
        if (request.Tools.Count == 0)
        {
            foreach (var definition in _core.Tools.Definitions)
            {
                request.Tools.Add(definition.ToResponseTool());
            }
        }

        return _core.RunAsync((loop, client) => new ResponsesTurns(loop, client, request), cancellationToken);
    }
}
