namespace ToolGen.OpenAI.Tests;

/// <summary>A clock whose timers fire at once and which records every delay asked of it, so a test can check the
/// polling schedule without waiting.</summary>
internal sealed class ImmediateTimeProvider : TimeProvider
{
    private readonly List<TimeSpan> _delays = [];

    public IReadOnlyList<TimeSpan> RequestedDelays
    {
        get
        {
            lock (_delays)
            {
                return _delays.ToArray();
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        lock (_delays)
        {
            _delays.Add(dueTime);
        }

        return System.CreateTimer(callback, state, TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }
}
