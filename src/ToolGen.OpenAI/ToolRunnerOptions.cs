using Microsoft.Extensions.Logging;

namespace ToolGen.OpenAI;

/// <summary>Settings of a runner's tool loop, the same for <see cref="AssistantRunner"/>, <see cref="ResponsesRunner"/>
/// and <see cref="ChatRunner"/>. The few that only one API has say so.</summary>
/// <remarks>The runner checks the values when it is created and throws <see cref="ArgumentOutOfRangeException"/> (or
/// <see cref="ArgumentNullException"/> for a <see langword="null"/> <see cref="TimeProvider"/>) naming the
/// options.</remarks>
public sealed class ToolRunnerOptions
{
    /// <summary>The default <see cref="MaxSubmissionBytes"/>: 512 KB (524,288 bytes), the most tool output the
    /// Assistants service takes in one <c>submit_tool_outputs</c> request.</summary>
    public const int DefaultMaxSubmissionBytes = 512 * 1024;

    /// <summary>How many rounds of tool outputs one loop may send. When the model asks for tools once more, the loop
    /// stops without running them (cancelling an Assistants run) and reports <see cref="ToolRunStatus.ToolRoundLimit"/>.
    /// Default 16; 0 stops at the first tool call; must not be negative.</summary>
    public int MaxToolRounds { get; init; } = 16;

    /// <summary>How many rounds in a row may end with every call failed (an error output: bad arguments, an unknown
    /// tool, a tool that threw or timed out). When the model asks for tools once more after that many, the loop stops
    /// as at <see cref="MaxToolRounds"/> and reports <see cref="ToolRunStatus.ToolErrorLimit"/>: a model that keeps
    /// failing is not helped by more rounds. A round with one success resets the count. Default 3;
    /// <see langword="null"/> turns the cap off; must be positive.</summary>
    public int? MaxConsecutiveFailedRounds { get; init; } = 3;

    /// <summary>The most tool output one submission carries, in UTF-8 bytes, shared across the outputs of a round.
    /// When a round's outputs are larger, the largest are cut, each to a fair share of the budget, and every cut
    /// output ends with the marker <c>… [output truncated: 123456 characters; round budget 524288 bytes]</c>. Error
    /// outputs are never cut. Default <see cref="DefaultMaxSubmissionBytes"/> (the Assistants service's limit);
    /// <see langword="null"/> turns the budget off; must be at least 1024.</summary>
    public int? MaxSubmissionBytes { get; init; } = DefaultMaxSubmissionBytes;

    /// <summary>The limits every round of tool calls runs within: a timeout per call, how many calls run at once, and
    /// the longest output (see <see cref="ToolRoundOptions"/>). Default <see langword="null"/>: no limits. When its
    /// <see cref="ToolRoundOptions.Logger"/> is <see langword="null"/>, calls are logged to <see cref="Logger"/>.</summary>
    public ToolRoundOptions? ToolRound { get; init; }

    /// <summary>Whether the model's turns are streamed (server-sent events) instead of polled or awaited whole: the
    /// text arrives as <see cref="ToolRunTextDelta"/> events; the outcome and the other events are the same as without
    /// streaming. Default <see langword="false"/>.</summary>
    public bool Streaming { get; init; }

    /// <summary>Responses and Chat: whether a <c>tool_choice</c> (or legacy <c>function_call</c>) the caller set is
    /// dropped after the first round of tool outputs, so later requests use the API's default (<c>auto</c>). Default
    /// <see langword="true"/>: a choice that forces a call would make the model call tools on every request until
    /// <see cref="MaxToolRounds"/> stops it. (An Assistants run's <c>tool_choice</c> is fixed when it is
    /// created.)</summary>
    public bool ResetToolChoice { get; init; } = true;

    /// <summary>Responses: how function outputs are sent back. Default
    /// <see cref="ResponsesContinuation.PreviousResponseId"/>.</summary>
    public ResponsesContinuation Continuation { get; init; } = ResponsesContinuation.PreviousResponseId;

    /// <summary>Decides, before a call runs, whether it runs at all: return a <see cref="ToolResult"/> to send that as
    /// the call's output without running the tool, or <see langword="null"/> to run it. Use it when taking over an
    /// Assistants run that already waits in <c>requires_action</c> (after a crash, or from another process), so tools
    /// whose outputs you already have are not run again: answer those calls from your own record. A tool that is not
    /// idempotent (it sends, pays, deletes) and whose earlier attempt may have happened should be answered here too,
    /// for example with an error output that tells the model the outcome is unknown. Called once per call id, in call
    /// order, on the loop's thread; an exception it throws propagates to the caller. Default
    /// <see langword="null"/>: every call runs.</summary>
    public Func<ToolCall, CancellationToken, ValueTask<ToolResult?>>? BeforeToolCall { get; init; }

    /// <summary>Called for each <see cref="ToolRunEvent"/>, awaited before the loop goes on, on the thread the loop
    /// continues on (not a captured synchronization context).</summary>
    /// <remarks>An exception it throws ends the loop and propagates to the caller unwrapped; nothing is sent after it
    /// (an Assistants run then waits in <c>requires_action</c> until it expires or someone cancels it).</remarks>
    public Func<ToolRunEvent, ValueTask>? OnEvent { get; init; }

    /// <summary>Where the loop logs (see docs/observability.md for the event ids); none by default.</summary>
    public ILogger? Logger { get; init; }

    /// <summary>The clock every wait, timeout and the <c>expires_at</c> margin is measured on. Default
    /// <see cref="TimeProvider.System"/>; tests inject a fake clock and never wait.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>How long the loop waits for the server to accept a cancellation it sends (when the caller's token is
    /// cancelled, or at a limit after the caller cancelled meanwhile) before it gives up and returns. Default 5 s;
    /// must be positive.</summary>
    public TimeSpan CancelTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Assistants: how long before a run's <c>expires_at</c> the loop stops waiting for tools, so its
    /// submission lands in time. Calls still running then are answered with a <c>tool_timeout</c> error output; the
    /// loop never submits after <c>expires_at</c>. Default 30 s; must not be negative.</summary>
    public TimeSpan ExpiryMargin { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Assistants, polling: the wait before the first poll of a run and after each submission. Default
    /// 250 ms; zero polls without waiting (for servers such as the emulator that advance a run on each request).</summary>
    public TimeSpan InitialPollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Assistants, polling: the factor the wait grows by after each poll; a finite number of at least 1.
    /// Default 1.5.</summary>
    public double PollBackoffFactor { get; init; } = 1.5;

    /// <summary>Assistants, polling: the longest wait between two polls; at least <see cref="InitialPollInterval"/> and
    /// at most <see cref="ToolRoundOptions.MaxCallTimeout"/> (about 49.7 days). Default 2 s.</summary>
    public TimeSpan MaxPollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Checks the values; the runners call it when they are created.</summary>
    internal void Validate(string parameterName)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(MaxToolRounds, parameterName);
        if (MaxConsecutiveFailedRounds is { } failed)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(failed, parameterName);
        }

        if (MaxSubmissionBytes is { } budget)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(budget, 1024, parameterName);
        }

        if (!Enum.IsDefined(Continuation))
        {
            throw new ArgumentOutOfRangeException(parameterName, Continuation, "Unknown continuation.");
        }

        ArgumentNullException.ThrowIfNull(TimeProvider, parameterName);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(CancelTimeout, TimeSpan.Zero, parameterName);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(CancelTimeout, ToolRoundOptions.MaxCallTimeout, parameterName);
        ArgumentOutOfRangeException.ThrowIfLessThan(ExpiryMargin, TimeSpan.Zero, parameterName);
        ArgumentOutOfRangeException.ThrowIfLessThan(InitialPollInterval, TimeSpan.Zero, parameterName);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPollInterval, InitialPollInterval, parameterName);

        // Task.Delay takes at most uint.MaxValue - 1 ms; a longer cap would fail in the middle of a run.
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxPollInterval, ToolRoundOptions.MaxCallTimeout, parameterName);
        if (!(PollBackoffFactor >= 1) || double.IsInfinity(PollBackoffFactor))
        {
            throw new ArgumentOutOfRangeException(parameterName, PollBackoffFactor, "The poll backoff factor must be a finite number of at least 1.");
        }
    }
}
