namespace ToolGen.ModelContextProtocol.Tests;

/// <summary>How the tide tables speak of heights.</summary>
public enum HeightUnit
{
    Metres,
    Feet,
}

/// <summary>Instance tools that record what reached them, so a test can tell whether a call ran the method.</summary>
public sealed partial class TideTools
{
    private int _calls;

    public int Calls => _calls;

    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Gets the time of high tide at a harbour — from the Admiralty tables, “as printed”.</summary>
    /// <param name="harbour">The harbour, e.g. Porthallow.</param>
    /// <param name="day">The day of the month, 1 to 31.</param>
    [AssistantTool]
    public string GetHighTide(string harbour, byte day)
    {
        Interlocked.Increment(ref _calls);
        return $"High tide at {harbour} on day {day} is at 06:42.";
    }

    /// <summary>Gets the tidal range at a harbour.</summary>
    /// <param name="harbour">The harbour.</param>
    /// <param name="unit">The unit of the heights.</param>
    [AssistantTool]
    public IReadOnlyList<double> GetTidalRange(string harbour, HeightUnit unit = HeightUnit.Metres)
    {
        Interlocked.Increment(ref _calls);
        return unit == HeightUnit.Metres ? [0.8, 5.1] : [2.6, 16.7];
    }

    /// <summary>Gets the name of a tide gauge.</summary>
    /// <param name="id">The gauge's id.</param>
    [AssistantTool]
    public string GetGauge(Guid id)
    {
        Interlocked.Increment(ref _calls);
        return "gauge " + id.ToString("D");
    }

    /// <summary>Reads the live tide gauge.</summary>
    [AssistantTool]
    public string ReadGauge()
    {
        Interlocked.Increment(ref _calls);
        throw new InvalidOperationException("The tide gauge at /srv/gauge is offline.");
    }

    /// <summary>Waits for the tide to turn.</summary>
    [AssistantTool]
    public async Task WaitForTurnAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        using var registration = cancellationToken.Register(() => Cancelled.TrySetResult());
        Started.TrySetResult();
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }
}
