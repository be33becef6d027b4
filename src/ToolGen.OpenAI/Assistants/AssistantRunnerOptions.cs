using Microsoft.Extensions.Logging;

namespace ToolGen.OpenAI;

/// <summary>Settings of an <see cref="AssistantRunner"/>.</summary>
/// <remarks>
/// The runner polls the run with exponential backoff: it waits <see cref="InitialPollInterval"/> before the first
/// poll, multiplies the wait by <see cref="PollBackoffFactor"/> after each poll up to <see cref="MaxPollInterval"/>,
/// and starts again from <see cref="InitialPollInterval"/> after each submission of tool outputs.
/// </remarks>
public sealed class AssistantRunnerOptions
{
    /// <summary>The wait before the first poll of a run and after each submission. Default 250 ms. Zero polls
    /// without waiting (for servers such as the emulator that advance a run on each request).</summary>
    public TimeSpan InitialPollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The factor the wait grows by after each poll; at least 1. Default 1.5.</summary>
    public double PollBackoffFactor { get; init; } = 1.5;

    /// <summary>The longest wait between two polls; at least <see cref="InitialPollInterval"/> and at most
    /// <see cref="ToolRoundOptions.MaxCallTimeout"/> (about 49.7 days). Default 2 s.</summary>
    public TimeSpan MaxPollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How many times tool outputs may be submitted for one run. When the run reaches
    /// <c>requires_action</c> once more, the runner cancels it and reports
    /// <see cref="AssistantRunStatus.ToolRoundLimit"/>. Default 16; 0 cancels at the first <c>requires_action</c>.</summary>
    public int MaxToolRounds { get; init; } = 16;

    /// <summary>The limits every round of tool calls runs within, whether the run is polled or streamed: a timeout per
    /// call (a call that runs longer is answered with a <c>tool_timeout</c> error output), how many calls run at once,
    /// and the longest output submitted. Default <see langword="null"/>: no limits (<see cref="ToolRoundOptions.Default"/>).
    /// When its <see cref="ToolRoundOptions.Logger"/> is <see langword="null"/>, each call's duration and outcome are
    /// logged to <see cref="Logger"/>. Keep <see cref="ToolRoundOptions.CallTimeout"/> well below the run's
    /// <c>expires_at</c> (10 minutes after creation on the service): outputs submitted after it are refused.</summary>
    public ToolRoundOptions? ToolRound { get; init; }

    /// <summary>The clock the polling waits run on. Default <see cref="TimeProvider.System"/>; tests inject a fake
    /// clock so no test waits real time.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Called for each <see cref="RunStatusChanged"/>, <see cref="ToolCallCompleted"/> and, when streaming,
    /// <see cref="RunTextDelta"/>, awaited before the runner goes on, on the thread the runner continues on (not
    /// a captured synchronization context).</summary>
    /// <remarks>An exception it throws ends the run's driving and propagates to the caller unwrapped; nothing is sent
    /// after it. A handler that throws on a <see cref="ToolCallCompleted"/> thus leaves the run waiting in
    /// <c>requires_action</c> without outputs until it expires (cancel it with <c>AssistantClient.CancelRunAsync</c>
    /// to free the thread at once).</remarks>
    public Func<AssistantRunEvent, ValueTask>? OnEvent { get; init; }

    /// <summary>Where the runner logs status changes and tool rounds (debug and information levels); none by default.</summary>
    public ILogger? Logger { get; init; }
}
