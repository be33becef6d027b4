using ToolGen.OpenAI;

namespace FetchUrlAssistant;

/// <summary>The limits the sample puts on its runner, and its cancellation on the server.</summary>
internal static class SampleLimits
{
    /// <summary>A call may run for the fetch tool's own deadline plus 5 s of grace; past that the runner answers
    /// <c>tool_timeout</c> for it, so a stuck tool never holds a run until the run itself expires.</summary>
    public static ToolRoundOptions ToolRound { get; } = new() { CallTimeout = FetchLimits.Default.Deadline + TimeSpan.FromSeconds(5) };

    /// <summary>Runs <paramref name="run"/>; when the user cancels it, cancels the run on the server before the
    /// cancellation goes on up.</summary>
    public static async Task<T> CancelOnServerAsync<T>(ServerRunCancellation serverRun, CancellationToken cancellationToken, Func<Task<T>> run)
    {
        try
        {
            return await run();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await serverRun.CancelAsync();
            throw;
        }
    }
}
