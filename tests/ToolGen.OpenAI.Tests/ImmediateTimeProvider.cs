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

        // A poll waits seconds at most; a timer set minutes ahead is the margin before a run's expires_at, which
        // must not cut the tools short here.
        return System.CreateTimer(callback, state, dueTime < TimeSpan.FromMinutes(1) ? TimeSpan.Zero : Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }
}
