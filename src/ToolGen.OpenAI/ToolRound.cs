using System.Globalization;
using Microsoft.Extensions.Logging;

namespace ToolGen.OpenAI;

/// <summary>
/// One round of tool calls, whatever API they came from: every call of the round runs through
/// <see cref="ToolSet.InvokeAsync"/> concurrently, and the results come back in the order of the calls, ready to be
/// submitted together (the Assistants API takes all outputs of a <c>requires_action</c> step in one
/// <c>submit_tool_outputs</c> request). API adapters only translate their API's calls into <see cref="ToolCall"/>s
/// and the results back; the limits of a round (<see cref="ToolRoundOptions"/>: call timeout, concurrency, output
/// length) and the per-call log live here.
/// </summary>
public static class ToolRound
{
    /// <summary>Runs every call of a round concurrently, without limits, and returns their results in call
    /// order.</summary>
    /// <param name="tools">The tools to dispatch to.</param>
    /// <param name="calls">The round's calls, in the order the model made them.</param>
    /// <param name="cancellationToken">The caller's token, passed to every tool.</param>
    /// <returns>One result per call, at the call's index. A result's <see cref="ToolResult.CallId"/> is the call's
    /// <see cref="ToolCall.Id"/>. A model's mistake or a tool's exception is an error result, never an exception; so is
    /// an exception (other than the caller's cancellation) or a <see langword="null"/> result from a
    /// <see cref="ToolSet.InvokeAsync"/> override, which becomes a <c>tool_failed</c> result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="tools"/> or <paramref name="calls"/> is
    /// <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled. The round does
    /// not wait for tools that ignore the token: they are left running and their results are dropped.</exception>
    public static Task<IReadOnlyList<ToolResult>> RunAsync(
        ToolSet tools,
        IReadOnlyList<ToolCall> calls,
        CancellationToken cancellationToken = default)
        => RunAsync(tools, calls, ToolRoundOptions.Default, cancellationToken);

    /// <summary>Runs the calls of a round within the limits of <paramref name="options"/> and returns their results in
    /// call order.</summary>
    /// <param name="tools">The tools to dispatch to.</param>
    /// <param name="calls">The round's calls, in the order the model made them.</param>
    /// <param name="options">The limits: <see cref="ToolRoundOptions.CallTimeout"/>,
    /// <see cref="ToolRoundOptions.MaxConcurrency"/>, <see cref="ToolRoundOptions.MaxOutputLength"/>.</param>
    /// <param name="cancellationToken">The caller's token. Each tool receives a token that is cancelled when this one
    /// is, or when the call's time is up.</param>
    /// <returns>One result per call, at the call's index, filed under the call's <see cref="ToolCall.Id"/>. A model's
    /// mistake, a tool's exception or a call that ran out of time (<c>tool_timeout</c>) is an error result, never an
    /// exception; so is an exception (other than the caller's cancellation) or a <see langword="null"/> result from a
    /// <see cref="ToolSet.InvokeAsync"/> override, which becomes a <c>tool_failed</c> result (logged as a warning with
    /// the exception). A normal output longer than <see cref="ToolRoundOptions.MaxOutputLength"/> is cut.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="tools"/>, <paramref name="calls"/> or
    /// <paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled. The round does
    /// not wait for tools that ignore the token: they are left running and their results are dropped.</exception>
    public static Task<IReadOnlyList<ToolResult>> RunAsync(
        ToolSet tools,
        IReadOnlyList<ToolCall> calls,
        ToolRoundOptions options,
        CancellationToken cancellationToken = default)
        => RunAsync(tools, calls, options, CancellationToken.None, cancellationToken);

    /// <summary>Runs a round as the public overload does; calls still running when <paramref name="answerBy"/> is
    /// cancelled (an Assistants run's <c>expires_at</c> margin) are answered with <c>tool_timeout</c>, and calls
    /// not started by then are not started.</summary>
    internal static async Task<IReadOnlyList<ToolResult>> RunAsync(
        ToolSet tools,
        IReadOnlyList<ToolCall> calls,
        ToolRoundOptions options,
        CancellationToken answerBy,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tools);
        ArgumentNullException.ThrowIfNull(calls);
        ArgumentNullException.ThrowIfNull(options);
        if (calls.Count == 0)
        {
            return [];
        }

        using var slots = options.MaxConcurrency is { } limit && limit < calls.Count ? new SemaphoreSlim(limit, limit) : null;
        var pending = new Task<ToolResult>[calls.Count];
        for (var i = 0; i < calls.Count; i++)
        {
            pending[i] = InvokeOneAsync(tools, calls[i], options, slots, answerBy, cancellationToken);
        }

        return await Task.WhenAll(pending).ConfigureAwait(false);
    }

    private static async Task<ToolResult> InvokeOneAsync(
        ToolSet tools,
        ToolCall call,
        ToolRoundOptions options,
        SemaphoreSlim? slots,
        CancellationToken answerBy,
        CancellationToken cancellationToken)
    {
        if (slots is not null)
        {
            using var waitLimit = answerBy.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, answerBy) : null;
            try
            {
                await slots.WaitAsync(waitLimit?.Token ?? cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && answerBy.IsCancellationRequested)
            {
                // The run must be answered now; a call that never got a slot is answered without running.
                return TimedOut(call, options, "the margin before the run's expires_at", LateMessage);
            }
        }

        var activity = ToolGenTelemetry.StartToolCall(call);
        var started = options.TimeProvider.GetTimestamp();
        try
        {
            var result = await InvokeWithinTimeAsync(tools, call, options, answerBy, cancellationToken).ConfigureAwait(false);

            // The output is submitted under the call's id; a set that answers under another id would lose the output.
            if (result.CallId != call.Id)
            {
                result = result with { CallId = call.Id };
            }

            var fullLength = result.Output.Length;
            result = Truncate(result, options.MaxOutputLength);
            var elapsed = options.TimeProvider.GetElapsedTime(started);
            ToolGenTelemetry.EndToolCall(activity, call, result, elapsed);
            activity = null;
            if (options.Logger is { } logger && logger.IsEnabled(LogLevel.Debug))
            {
                var outcome = result.IsError ? (result.Error is { } error ? ToolError.KindName(error.Kind) : "error")
                    : result.Output.Length == fullLength ? "ok"
                    : string.Create(CultureInfo.InvariantCulture, $"ok, output cut from {fullLength} characters");
                Log.ToolCallFinished(logger, call.Id, call.Name, elapsed.TotalMilliseconds, outcome);
            }

            return result;
        }
        finally
        {
            // Only the caller's cancellation gets here with the span still open.
            activity?.Dispose();
            slots?.Release();
        }
    }

    private static async Task<ToolResult> InvokeWithinTimeAsync(
        ToolSet tools,
        ToolCall call,
        ToolRoundOptions options,
        CancellationToken answerBy,
        CancellationToken cancellationToken)
    {
        using var deadline = options.CallTimeout is { } timeout ? new CancellationTokenSource(timeout, options.TimeProvider) : null;
        using var linked = deadline is null && !answerBy.CanBeCanceled
            ? null
            : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline?.Token ?? default, answerBy);
        var toolToken = linked?.Token ?? cancellationToken;

        // Task.Run: a tool that does slow synchronous work before its first await must not hold up the other calls.
        var invocation = Task.Run(() => tools.InvokeAsync(call, toolToken).AsTask(), toolToken);
        try
        {
            // WaitAsync stops waiting for a tool that ignores its token; the tool's own cancellation ends up here too.
            // A null result can only come from an override of InvokeAsync that breaks its contract.
            return await invocation.WaitAsync(toolToken).ConfigureAwait(false) ?? Failed(call);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested || deadline?.IsCancellationRequested == true || answerBy.IsCancellationRequested)
        {
            // The deadline and the tool's last step can race: a call that did finish keeps its result.
            if (!cancellationToken.IsCancellationRequested && invocation.IsCompletedSuccessfully)
            {
                return invocation.Result ?? Failed(call);
            }

            Abandon(invocation, call, options.Logger);
            cancellationToken.ThrowIfCancellationRequested();
            if (deadline?.IsCancellationRequested != true)
            {
                return TimedOut(call, options, "the margin before the run's expires_at", LateMessage);
            }

            var limit = options.CallTimeout.GetValueOrDefault();
            return TimedOut(
                call,
                options,
                limit.TotalSeconds.ToString(CultureInfo.InvariantCulture) + " s",
                $"The tool did not finish within {Seconds(limit)} and was stopped. Try again, or use another approach.");
        }
        catch (Exception exception)
        {
            // ToolSet.InvokeAsync promises to throw only for the caller's cancellation, but an override can break that
            // promise (also synchronously, before returning its ValueTask); one such call must not take down the round
            // and the results of the other calls. Its message is not sent: it may reveal details of the host.
            cancellationToken.ThrowIfCancellationRequested();
            if (options.Logger is { } logger)
            {
                Log.ToolSetThrew(logger, call.Id, call.Name, exception);
            }

            return Failed(call);
        }

        static ToolResult Failed(ToolCall call) => ToolResult.Failure(call.Id, new ToolError(
            ToolErrorKind.ToolFailed,
            call.Name,
            "The tool failed while running. Try again or use another approach."));
    }

    private const string LateMessage =
        "The tool could not finish before the run had to be answered and was stopped. Try again, or use another approach.";

    private static ToolResult TimedOut(ToolCall call, ToolRoundOptions options, string limit, string message)
    {
        if (options.Logger is { } logger)
        {
            Log.ToolCallTimedOut(logger, call.Id, call.Name, limit);
        }

        return ToolResult.Failure(call.Id, new ToolError(ToolErrorKind.ToolTimeout, call.Name, message));
    }

    /// <summary>Gives up on a call that is still running: its late exception is observed, so it never surfaces as an
    /// unobserved task exception, and dropped.</summary>
    private static void Abandon(Task<ToolResult> invocation, ToolCall call, ILogger? logger)
    {
        if (invocation.IsCompleted)
        {
            _ = invocation.Exception;
            return;
        }

        _ = invocation.ContinueWith(
            static (task, state) =>
            {
                var (call, logger) = ((ToolCall, ILogger?))state!;
                var exception = task.Exception;
                if (exception is not null && logger is not null)
                {
                    Log.AbandonedToolCallFailed(logger, call.Id, call.Name, exception.InnerException ?? exception);
                }
            },
            (call, logger),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>Cuts a normal output to <paramref name="maxLength"/> characters and appends a marker giving the full
    /// length; error outputs stay whole.</summary>
    private static ToolResult Truncate(ToolResult result, int? maxLength)
    {
        if (maxLength is not { } limit || result.IsError || result.Output.Length <= limit)
        {
            return result;
        }

        var output = result.Output;

        // A lone half of a surrogate pair is not valid UTF-16; the model would see a replacement character.
        var keep = char.IsHighSurrogate(output[limit - 1]) && char.IsLowSurrogate(output[limit]) ? limit - 1 : limit;
        return result with
        {
            Output = string.Create(
                CultureInfo.InvariantCulture,
                $"{output.AsSpan(0, keep)}… [output truncated: {output.Length} characters, limit {limit}]"),
        };
    }

    private static string Seconds(TimeSpan time)
    {
        // Down to a tick (0.1 µs): a sub-millisecond timeout must not read "within 0 seconds".
        var seconds = time.TotalSeconds.ToString("0.#######", CultureInfo.InvariantCulture);
        return seconds == "1" ? "1 second" : seconds + " seconds";
    }
}
