using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace ToolGen.OpenAI.Tests.Rounds;

/// <summary>Tools whose behaviour a test steers by the called name: <c>echo</c> answers its arguments at once;
/// <c>cooperative</c> waits until its token is cancelled; <c>stubborn</c> ignores its token and waits for the test
/// to release it, then answers; <c>held</c> ignores its token and waits for the test to release it, then answers
/// its arguments; <c>rogue</c> ignores its token and, once released, makes <see cref="InvokeAsync"/> itself fault
/// with <see cref="LateToolException"/> (breaking the <see cref="ToolSet"/> contract, the worst a round can meet).
/// Every call except <c>echo</c> reports its start on <see cref="Started"/>.</summary>
internal sealed class LimitTools : ToolSet
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _releases = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _cancellationsSeen = new();
    private readonly Channel<string> _started = Channel.CreateUnbounded<string>();
    private int _running;
    private int _maxRunning;

    public override IReadOnlyList<ToolDefinition> Definitions => [];

    /// <summary>The ids of the calls that started, in the order they started.</summary>
    public ChannelReader<string> Started => _started.Reader;

    /// <summary>The ids of the calls whose token was cancelled while they ran.</summary>
    public ConcurrentQueue<string> Cancelled { get; } = new();

    /// <summary>Completes once the call <paramref name="callId"/> has seen its token cancelled. The round does not
    /// wait for that (it stops waiting for the call at once), so a test waits for it here.</summary>
    public Task CancellationSeenAsync(string callId) => Signal(_cancellationsSeen, callId).Task;

    /// <summary>The most calls that ran at the same time.</summary>
    public int MaxRunning => Volatile.Read(ref _maxRunning);

    public void Release(string callId) => Gate(callId).TrySetResult();

    public override ValueTask<ToolResult> InvokeAsync(ToolCall call, CancellationToken cancellationToken = default)
        => call.Name == "rogue" ? new ValueTask<ToolResult>(RogueAsync(call)) : base.InvokeAsync(call, cancellationToken);

    protected override async ValueTask<ToolResult> InvokeCoreAsync(ToolCall call, CancellationToken cancellationToken)
    {
        if (call.Name == "echo")
        {
            return ToolResult.Success(call.Id, call.Arguments);
        }

        if (call.Name is not ("cooperative" or "stubborn" or "held"))
        {
            return UnknownTool(call);
        }

        // A cooperative tool records its cancellation where it sees it: its own unwinding, which may run inside
        // Cancel(), would dispose a registration before the registration's turn came.
        using var registration = call.Name == "cooperative" ? default : cancellationToken.Register(() => SawCancellation(call.Id));
        var running = Interlocked.Increment(ref _running);
        InterlockedMax(ref _maxRunning, running);
        try
        {
            await _started.Writer.WriteAsync(call.Id, CancellationToken.None);
            if (call.Name == "cooperative")
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    SawCancellation(call.Id);
                    throw;
                }
            }

            await Gate(call.Id).Task;
            return ToolResult.Success(call.Id, call.Name == "held" ? call.Arguments : "late");
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    private async Task<ToolResult> RogueAsync(ToolCall call)
    {
        await _started.Writer.WriteAsync(call.Id, CancellationToken.None);
        await Gate(call.Id).Task;
        throw new LateToolException();
    }

    private void SawCancellation(string callId)
    {
        Cancelled.Enqueue(callId);
        Signal(_cancellationsSeen, callId).TrySetResult();
    }

    private TaskCompletionSource Gate(string callId) => Signal(_releases, callId);

    private static TaskCompletionSource Signal(ConcurrentDictionary<string, TaskCompletionSource> signals, string callId)
        => signals.GetOrAdd(callId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}

/// <summary>Thrown only by the <c>rogue</c> tool, so a test can tell its exception from any other.</summary>
internal sealed class LateToolException : Exception
{
    public LateToolException()
        : base("The rogue tool failed after it was given up.")
    {
    }
}

/// <summary>A logger that keeps every entry and lets a test wait for an entry.</summary>
internal sealed class RecordingLogger : ILogger
{
    private readonly List<(LogLevel Level, string Event, string Message, Exception? Exception)> _entries = [];
    private readonly List<(Func<(LogLevel Level, string Event, string Message), bool> Match, TaskCompletionSource<Exception?> Logged)> _waiters = [];

    public IReadOnlyList<(LogLevel Level, string Event, string Message)> Entries
    {
        get
        {
            lock (_entries)
            {
                return _entries.Select(e => (e.Level, e.Event, e.Message)).ToArray();
            }
        }
    }

    /// <summary>Completes with the entry's exception once an entry matching <paramref name="match"/> is logged.</summary>
    public Task<Exception?> WhenAsync(Func<(LogLevel Level, string Event, string Message), bool> match)
    {
        lock (_entries)
        {
            foreach (var entry in _entries)
            {
                if (match((entry.Level, entry.Event, entry.Message)))
                {
                    return Task.FromResult(entry.Exception);
                }
            }

            var logged = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, logged));
            return logged.Task;
        }
    }

    /// <summary>Completes once the round logged that the call <paramref name="callId"/> finished.</summary>
    public Task FinishedAsync(string callId)
        => WhenAsync(e => e.Event == "ToolCallFinished" && e.Message.StartsWith($"Tool call {callId} (", StringComparison.Ordinal));

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var entry = (logLevel, eventId.Name ?? "", formatter(state, exception));
        lock (_entries)
        {
            _entries.Add((entry.logLevel, entry.Item2, entry.Item3, exception));
            foreach (var waiter in _waiters.Where(w => w.Match(entry)).ToArray())
            {
                _waiters.Remove(waiter);
                waiter.Logged.TrySetResult(exception);
            }
        }
    }
}
