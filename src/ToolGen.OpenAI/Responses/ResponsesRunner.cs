using System.ClientModel;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenAI.Responses;

namespace ToolGen.OpenAI;

/// <summary>
/// Drives a Responses API conversation over the official SDK's <see cref="ResponsesClient"/> until the model answers,
/// running every function call it makes with the tools of a <see cref="ToolSet"/>.
/// </summary>
/// <remarks>
/// <para>The loop is the one OpenAI's function-calling guide describes for the Responses API, the successor of the
/// Assistants API (<see href="https://platform.openai.com/docs/guides/function-calling">function calling</see>): a
/// response's <c>output</c> holds <c>function_call</c> items (<c>call_id</c>, <c>name</c>, <c>arguments</c>); the
/// client runs them and creates the next response with one <c>function_call_output</c> item (<c>call_id</c>,
/// <c>output</c>) per call, until a response has no function call left.</para>
/// <para>The runner adds the tool set's functions as <c>tools</c> (see
/// <see cref="OpenAIToolConversions.ToResponseTool"/>) unless the caller's options already list tools; runs every
/// call of a round concurrently through <see cref="ToolRound"/>, within the limits of
/// <see cref="ResponsesRunnerOptions.ToolRound"/>, and sends the outputs in call order, continuing the
/// conversation as <see cref="ResponsesRunnerOptions.Continuation"/> says (by default with
/// <c>previous_response_id</c>); and stops when a response has no function call, is <c>failed</c>,
/// <c>incomplete</c> or <c>cancelled</c>, or after <see cref="ResponsesRunnerOptions.MaxToolRounds"/> rounds. With a
/// <c>conversation</c> set in the options, only the outputs are sent: the conversation holds the rest. A model's
/// mistake (bad arguments, an unknown function) is sent back as an error output and the conversation goes on.</para>
/// <para><see cref="RunStreamingAsync"/> and <see cref="AskStreamingAsync"/> stream each response and report its text
/// as <see cref="ResponseTextDelta"/> events while it is generated; otherwise they behave exactly like
/// <see cref="RunAsync"/> and <see cref="AskAsync"/>.</para>
/// <para>The caller's options are not changed: the runner works on a copy. An instance holds no per-conversation
/// state: it may drive several conversations, also concurrently.</para>
/// </remarks>
public sealed class ResponsesRunner
{
    private static readonly Action<ILogger, int, string, string, Exception?> LogResponse =
        LoggerMessage.Define<int, string, string>(LogLevel.Debug, new EventId(1, "ResponseReceived"),
            "Round {Round}: response {ResponseId} is {Status}");

    private static readonly Action<ILogger, int, int, Exception?> LogRound =
        LoggerMessage.Define<int, int>(LogLevel.Information, new EventId(2, "ToolRound"),
            "Round {Round}: sending {Count} function outputs");

    private static readonly Action<ILogger, int, Exception?> LogRoundLimit =
        LoggerMessage.Define<int>(LogLevel.Warning, new EventId(4, "ToolRoundLimit"),
            "The model asked for functions after {Rounds} rounds, the limit; stopping without running them");

    private readonly ResponsesClient _client;
    private readonly ToolSet _tools;
    private readonly ResponsesRunnerOptions _options;
    private readonly ILogger _logger;
    private readonly ToolRoundOptions _roundOptions;

    /// <summary>Creates a runner.</summary>
    /// <param name="client">The SDK client the responses are created through.</param>
    /// <param name="tools">The tools that answer the model's function calls, and that are offered to the model unless
    /// the caller's options list tools themselves.</param>
    /// <param name="options">Limits, continuation and events; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> or <paramref name="tools"/> is
    /// <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="ResponsesRunnerOptions.MaxToolRounds"/> is negative, or
    /// <see cref="ResponsesRunnerOptions.Continuation"/> is not a defined value.</exception>
    public ResponsesRunner(ResponsesClient client, ToolSet tools, ResponsesRunnerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(tools);
        options ??= new ResponsesRunnerOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxToolRounds, nameof(options));
        if (!Enum.IsDefined(options.Continuation))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Continuation, "Unknown continuation.");
        }

        _client = client;
        _tools = tools;
        _options = options;
        _logger = options.Logger ?? NullLogger.Instance;
        _roundOptions = (options.ToolRound ?? ToolRoundOptions.Default).WithFallbackLogger(options.Logger);
    }

    /// <summary>Sends one user message to <paramref name="model"/> and drives the conversation to the model's answer:
    /// the shortest way to ask something.</summary>
    /// <param name="model">The model, e.g. <c>gpt-4o-mini</c>.</param>
    /// <param name="userMessage">The user's message text.</param>
    /// <param name="cancellationToken">Stops the conversation; no request is sent after it is cancelled.</param>
    /// <returns>How the conversation ended; <see cref="ResponsesRunOutcome.Reply"/> is the answer when it completed.</returns>
    /// <exception cref="ArgumentException"><paramref name="model"/> is <see langword="null"/> or empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="userMessage"/> is <see langword="null"/>.</exception>
    /// <exception cref="ClientResultException">The API refused a request or could not be reached.</exception>
    /// <exception cref="InvalidOperationException">A response came back still <c>queued</c> or <c>in_progress</c>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<ResponsesRunOutcome> AskAsync(string model, string userMessage, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(model);
        ArgumentNullException.ThrowIfNull(userMessage);
        return RunAsync(new CreateResponseOptions(model, [ResponseItem.CreateUserMessageItem(userMessage)]), cancellationToken);
    }

    /// <summary>Creates a response from <paramref name="options"/> and drives the conversation to the model's
    /// answer.</summary>
    /// <param name="options">The first request: <see cref="CreateResponseOptions.Model"/>, the input items and any
    /// settings (instructions, <c>tool_choice</c>, <c>store</c>, a <c>previous_response_id</c> or a
    /// <c>conversation</c> to continue, …), sent with every request. When its <see cref="CreateResponseOptions.Tools"/>
    /// is empty the tool set's functions are offered; otherwise the listed tools are sent as they are. Not
    /// changed.</param>
    /// <param name="cancellationToken">Stops the conversation; no request is sent after it is cancelled.</param>
    /// <returns>How the conversation ended.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> asks for streaming (use
    /// <see cref="RunStreamingAsync"/>) or background mode, which this runner does not drive.</exception>
    /// <exception cref="ClientResultException">The API refused a request or could not be reached.</exception>
    /// <exception cref="InvalidOperationException">A response came back still <c>queued</c> or <c>in_progress</c>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<ResponsesRunOutcome> RunAsync(CreateResponseOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.StreamingEnabled == true)
        {
            throw new ArgumentException(
                "The options ask for streaming; use RunStreamingAsync to stream the responses.", nameof(options));
        }

        return new Conversation(this, Prepare(options, streaming: false), streaming: false).DriveAsync(cancellationToken);
    }

    /// <summary>Sends one user message to <paramref name="model"/> and drives the conversation to the model's answer,
    /// streaming every response: its text arrives as <see cref="ResponseTextDelta"/> events while it is
    /// generated.</summary>
    /// <param name="model">The model, e.g. <c>gpt-4o-mini</c>.</param>
    /// <param name="userMessage">The user's message text.</param>
    /// <param name="cancellationToken">Stops the conversation; no request is sent after it is cancelled.</param>
    /// <returns>How the conversation ended, exactly as <see cref="AskAsync"/> reports it.</returns>
    /// <exception cref="ArgumentException"><paramref name="model"/> is <see langword="null"/> or empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="userMessage"/> is <see langword="null"/>.</exception>
    /// <exception cref="ClientResultException">The API refused a request or could not be reached.</exception>
    /// <exception cref="InvalidOperationException">A stream reported an <c>error</c> event, or ended without
    /// <c>response.completed</c>, <c>response.failed</c> or <c>response.incomplete</c>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<ResponsesRunOutcome> AskStreamingAsync(string model, string userMessage, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(model);
        ArgumentNullException.ThrowIfNull(userMessage);
        return RunStreamingAsync(new CreateResponseOptions(model, [ResponseItem.CreateUserMessageItem(userMessage)]), cancellationToken);
    }

    /// <summary>Drives the conversation like <see cref="RunAsync"/>, but streams every response
    /// (<c>"stream": true</c>, server-sent events): its text arrives as <see cref="ResponseTextDelta"/> events while it
    /// is generated, and the response is taken whole from the stream's <c>response.completed</c> (or
    /// <c>response.failed</c>, <c>response.incomplete</c>) event, so the outcome and the other events are the same as
    /// without streaming.</summary>
    /// <param name="options">The first request, as for <see cref="RunAsync"/>. Not changed.</param>
    /// <param name="cancellationToken">Stops the conversation (also in the middle of a stream); no request is sent
    /// after it is cancelled.</param>
    /// <returns>How the conversation ended.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> asks for background mode.</exception>
    /// <exception cref="ClientResultException">The API refused a request or could not be reached.</exception>
    /// <exception cref="InvalidOperationException">A stream reported an <c>error</c> event, or ended without
    /// <c>response.completed</c>, <c>response.failed</c> or <c>response.incomplete</c>; or a response came back still
    /// <c>queued</c> or <c>in_progress</c>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<ResponsesRunOutcome> RunStreamingAsync(CreateResponseOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new Conversation(this, Prepare(options, streaming: true), streaming: true).DriveAsync(cancellationToken);
    }

    private CreateResponseOptions Prepare(CreateResponseOptions options, bool streaming)
    {
        if (options.BackgroundModeEnabled == true)
        {
            throw new ArgumentException(
                "The runner waits for each response to finish; background responses are not supported.", nameof(options));
        }

        var request = RequestCopy.Of(options);
        request.StreamingEnabled = streaming ? true : null;
        if (request.Tools.Count == 0)
        {
            foreach (var definition in _tools.Definitions)
            {
                request.Tools.Add(definition.ToResponseTool());
            }
        }

        return request;
    }

    /// <summary>The state of driving one conversation.</summary>
    private sealed class Conversation(ResponsesRunner runner, CreateResponseOptions request, bool streaming)
    {
        private readonly List<ToolCallExchange> _exchanges = [];
        private readonly List<ResponseItem> _items = [.. request.InputItems];
        private TokenUsage _usage;
        private int _rounds;

        public async Task<ResponsesRunOutcome> DriveAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var response = await CreateAsync(cancellationToken).ConfigureAwait(false);
                if (response.Usage is { } usage)
                {
                    _usage += new TokenUsage(usage.InputTokenCount, usage.OutputTokenCount, usage.TotalTokenCount);
                }

                var status = response.Status ?? ResponseStatus.Completed;
                LogResponse(runner._logger, _rounds + 1, response.Id ?? "", StatusText(status), null);
                await RaiseAsync(new ResponseReceived(_rounds + 1, response)).ConfigureAwait(false);
                _items.AddRange(response.OutputItems);

                if (status != ResponseStatus.Completed)
                {
                    return Finish(response, status, limitReached: false);
                }

                var calls = new List<ToolCall>();
                foreach (var item in response.OutputItems)
                {
                    if (item is FunctionCallResponseItem call)
                    {
                        calls.Add(new ToolCall(call.CallId ?? "", call.FunctionName ?? "", call.FunctionArguments?.ToString() ?? ""));
                    }
                }

                if (calls.Count == 0)
                {
                    return Finish(response, status, limitReached: false);
                }

                if (_rounds >= runner._options.MaxToolRounds)
                {
                    LogRoundLimit(runner._logger, _rounds, null);
                    return Finish(response, status, limitReached: true);
                }

                await AnswerAsync(response, calls, cancellationToken).ConfigureAwait(false);
            }
        }

        private async Task<ResponseResult> CreateAsync(CancellationToken cancellationToken)
        {
            if (!streaming)
            {
                return await runner._client.CreateResponseAsync(request, cancellationToken).ConfigureAwait(false);
            }

            var updates = await runner._client.CreateResponseStreamingAsync(request, cancellationToken).ConfigureAwait(false);
            await foreach (var update in updates.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                switch (update)
                {
                    case StreamingResponseOutputTextDeltaUpdate { Delta: { Length: > 0 } delta }:
                        await RaiseAsync(new ResponseTextDelta(_rounds + 1, delta)).ConfigureAwait(false);
                        break;
                    case StreamingResponseCompletedUpdate { Response: { } completed }:
                        return completed;
                    case StreamingResponseFailedUpdate { Response: { } failed }:
                        return failed;
                    case StreamingResponseIncompleteUpdate { Response: { } incomplete }:
                        return incomplete;
                    case StreamingResponseErrorUpdate error:
                        throw new InvalidOperationException(
                            $"The response stream reported an error ({error.Code}): {error.Message}");
                }
            }

            throw new InvalidOperationException(
                "The response stream ended without response.completed, response.failed or response.incomplete.");
        }

        private async Task AnswerAsync(ResponseResult response, List<ToolCall> calls, CancellationToken cancellationToken)
        {
            _rounds++;
            var results = await ToolRound.RunAsync(runner._tools, calls, runner._roundOptions, cancellationToken).ConfigureAwait(false);

            // Tools need not observe the token; a caller who cancelled meanwhile does not want the conversation to go on.
            cancellationToken.ThrowIfCancellationRequested();
            var outputs = new List<ResponseItem>(calls.Count);
            for (var i = 0; i < calls.Count; i++)
            {
                _exchanges.Add(new ToolCallExchange(_rounds, calls[i], results[i]));
                outputs.Add(ResponseItem.CreateFunctionCallOutputItem(calls[i].Id, results[i].Output));
                await RaiseAsync(new ResponseToolCallCompleted(_rounds, calls[i], results[i])).ConfigureAwait(false);
            }

            _items.AddRange(outputs);
            LogRound(runner._logger, _rounds, outputs.Count, null);

            request.InputItems.Clear();
            if (request.ConversationOptions is not null)
            {
                // The conversation object already holds the input and the response's output items.
                AddAll(request.InputItems, outputs);
            }
            else if (runner._options.Continuation == ResponsesContinuation.PreviousResponseId
                && request.StoredOutputEnabled != false)
            {
                request.PreviousResponseId = response.Id;
                AddAll(request.InputItems, outputs);
            }
            else
            {
                AddAll(request.InputItems, _items);
            }

            if (runner._options.ResetToolChoice)
            {
                request.ToolChoice = null;
            }
        }

        private static void AddAll(IList<ResponseItem> target, List<ResponseItem> items)
        {
            foreach (var item in items)
            {
                target.Add(item);
            }
        }

        private ResponsesRunOutcome Finish(ResponseResult response, ResponseStatus status, bool limitReached)
        {
            var runStatus = limitReached ? ResponsesRunStatus.ToolRoundLimit : Classify(response, status);
            var text = response.GetOutputText();
            return new ResponsesRunOutcome
            {
                Status = runStatus,
                ResponseStatus = StatusText(status),
                ResponseId = response.Id ?? "",
                Reply = string.IsNullOrEmpty(text) ? null : text,
                Error = runStatus == ResponsesRunStatus.Failed && response.Error is { } error
                    ? new ResponsesRunError(error.Code.ToString(), error.Message ?? "")
                    : null,
                IncompleteReason = runStatus == ResponsesRunStatus.Incomplete
                    ? response.IncompleteStatusDetails?.Reason?.ToString()
                    : null,
                ToolCalls = _exchanges.ToArray(),
                ToolRounds = _rounds,
                Items = _items.ToArray(),
                Response = response,
                Usage = _usage,
            };
        }

        private static ResponsesRunStatus Classify(ResponseResult response, ResponseStatus status) => status switch
        {
            ResponseStatus.Completed => ResponsesRunStatus.Completed,
            ResponseStatus.Failed => ResponsesRunStatus.Failed,
            ResponseStatus.Incomplete => ResponsesRunStatus.Incomplete,
            ResponseStatus.Cancelled => ResponsesRunStatus.Cancelled,

            // Only background responses stay queued or in_progress, and the runner does not start those.
            _ => throw new InvalidOperationException(
                $"Response '{response.Id}' came back {StatusText(status)}; the runner drives only finished responses."),
        };

        private ValueTask RaiseAsync(ResponsesRunEvent runEvent)
            => runner._options.OnEvent is { } onEvent ? onEvent(runEvent) : ValueTask.CompletedTask;
    }

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
