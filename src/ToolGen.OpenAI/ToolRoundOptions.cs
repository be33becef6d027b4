using Microsoft.Extensions.Logging;

namespace ToolGen.OpenAI;

/// <summary>
/// Limits of one round of tool calls (<see cref="ToolRound"/>): how long a call may run, how many calls run at once,
/// and how long an output may be. The runners take them in their options' <c>ToolRound</c> property, so the limits
/// behave the same whatever API the calls came from.
/// </summary>
/// <remarks>
/// <para>All limits are off by default: every call of a round starts at once, runs as long as it takes, and its output
/// is sent whole, as without options.</para>
/// <para>An invalid value is rejected where it is set, by the property's <c>init</c> accessor (that is, where the
/// options object is created), with <see cref="ArgumentOutOfRangeException"/> or, for a <see langword="null"/>
/// <see cref="TimeProvider"/>, <see cref="ArgumentNullException"/>; an options object that exists is always
/// valid.</para>
/// </remarks>
public sealed class ToolRoundOptions
{
    /// <summary>The longest timeout a timer can take: <see cref="uint.MaxValue"/> − 1 milliseconds (about 49.7
    /// days).</summary>
    public static readonly TimeSpan MaxCallTimeout = TimeSpan.FromMilliseconds(uint.MaxValue - 1.0);

    private readonly TimeSpan? _callTimeout;
    private readonly int? _maxConcurrency;
    private readonly int? _maxOutputLength;
    private readonly TimeProvider _timeProvider = TimeProvider.System;

    /// <summary>The options with every limit off.</summary>
    public static ToolRoundOptions Default { get; } = new();

    /// <summary>How long one call may run, from the moment it starts (a call waiting for a free slot under
    /// <see cref="MaxConcurrency"/> has not started). Default <see langword="null"/>: no limit.</summary>
    /// <remarks>When the time is up, the call's <see cref="CancellationToken"/> is cancelled, so a tool that observes
    /// it stops, and the call's result is a <see cref="ToolErrorKind.ToolTimeout"/> error
    /// (<c>{"error":{"kind":"tool_timeout","tool":…,"message":"The tool did not finish within 30 seconds…"}}</c>)
    /// whether the tool stops or not. A tool that ignores its token is not waited for: it is left running, and its
    /// late result or exception is dropped. The caller's own cancellation is never reported as a timeout: it
    /// propagates as <see cref="OperationCanceledException"/>.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero, negative, or above
    /// <see cref="MaxCallTimeout"/>.</exception>
    public TimeSpan? CallTimeout
    {
        get => _callTimeout;
        init
        {
            if (value is { } timeout)
            {
                ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero, nameof(CallTimeout));
                ArgumentOutOfRangeException.ThrowIfGreaterThan(timeout, MaxCallTimeout, nameof(CallTimeout));
            }

            _callTimeout = value;
        }
    }

    /// <summary>How many calls of a round may run at the same time; the others wait for a call to end.
    /// Results still come back in call order. Default <see langword="null"/>: all calls of a round at once.</summary>
    /// <remarks>A call that timed out (see <see cref="CallTimeout"/>) frees its slot when it is given up, even if
    /// the tool, ignoring its token, is still running.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero or negative.</exception>
    public int? MaxConcurrency
    {
        get => _maxConcurrency;
        init
        {
            if (value is { } limit)
            {
                ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit, nameof(MaxConcurrency));
            }

            _maxConcurrency = value;
        }
    }

    /// <summary>The longest tool output, in UTF-16 characters (<see cref="string.Length"/>), sent to the model. A
    /// longer output keeps its first <see cref="MaxOutputLength"/> characters (one fewer when the cut would split a
    /// surrogate pair) followed by the marker <c>… [output truncated: 12345 characters, limit 4000]</c>, which gives
    /// the output's full length. Default <see langword="null"/>: outputs are sent whole.</summary>
    /// <remarks>Error outputs (<see cref="ToolResult.IsError"/>) are never cut: they are short, and cutting would
    /// break their JSON. The marker adds at most 61 characters to a cut output.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero or negative.</exception>
    public int? MaxOutputLength
    {
        get => _maxOutputLength;
        init
        {
            if (value is { } limit)
            {
                ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit, nameof(MaxOutputLength));
            }

            _maxOutputLength = value;
        }
    }

    /// <summary>The clock <see cref="CallTimeout"/> and the call durations in the log are measured on. Default
    /// <see cref="TimeProvider.System"/>; tests inject a fake clock and never wait.</summary>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    public TimeProvider TimeProvider
    {
        get => _timeProvider;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(TimeProvider));
            _timeProvider = value;
        }
    }

    /// <summary>Where each call's duration and outcome is logged (debug; a timeout, warning). Default
    /// <see langword="null"/>: a runner uses its own <c>Logger</c>; <see cref="ToolRound.RunAsync(ToolSet, IReadOnlyList{ToolCall}, ToolRoundOptions, CancellationToken)"/>
    /// called directly logs nothing.</summary>
    public ILogger? Logger { get; init; }

    /// <summary>These options, logging to <paramref name="logger"/> when they name no logger of their own.</summary>
    internal ToolRoundOptions WithFallbackLogger(ILogger? logger) => Logger is not null || logger is null
        ? this
        : new ToolRoundOptions
        {
            CallTimeout = CallTimeout,
            MaxConcurrency = MaxConcurrency,
            MaxOutputLength = MaxOutputLength,
            TimeProvider = TimeProvider,
            Logger = logger,
        };
}
