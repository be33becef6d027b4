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
    private readonly Channel<string> _started = Channel.CreateUnbounded<string>();
    private int _running;
    private int _maxRunning;

    public override IReadOnlyList<ToolDefinition> Definitions => [];

    /// <summary>The ids of the calls that started, in the order they started.</summary>
    public ChannelReader<string> Started => _started.Reader;

    /// <summary>The ids of the calls whose token was cancelled while they ran.</summary>
    public ConcurrentQueue<string> Cancelled { get; } = new();

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

        using var registration = cancellationToken.Register(() => Cancelled.Enqueue(call.Id));
        var running = Interlocked.Increment(ref _running);
        InterlockedMax(ref _maxRunning, running);
        try
        {
            await _started.Writer.WriteAsync(call.Id, CancellationToken.None);
            if (call.Name == "cooperative")
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
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

    private TaskCompletionSource Gate(string callId)
        => _releases.GetOrAdd(callId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

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

/// <summary>A logger that keeps every entry and lets a test wait for the first entry with a given event name.</summary>
internal sealed class RecordingLogger : ILogger
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<(string Message, Exception? Exception)>> _firsts = new();

    public ConcurrentQueue<(LogLevel Level, string Event, string Message)> Entries { get; } = new();

    public Task<(string Message, Exception? Exception)> FirstAsync(string eventName) => First(eventName).Task;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var message = formatter(state, exception);
        Entries.Enqueue((logLevel, eventId.Name ?? "", message));
        First(eventId.Name ?? "").TrySetResult((message, exception));
    }

    private TaskCompletionSource<(string Message, Exception? Exception)> First(string eventName)
        => _firsts.GetOrAdd(eventName, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
}
