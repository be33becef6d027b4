namespace ToolGen.OpenAI.Tests.Rounds;

/// <summary><c>wait_for_cancel()</c>, which runs until its token is cancelled, and <c>read_page(chars)</c>, which
/// answers a long text at once.</summary>
internal sealed partial class SlowTools
{
    private readonly TaskCompletionSource _waiting = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once <c>wait_for_cancel</c> is running (and its timeout clock is set).</summary>
    public Task Waiting => _waiting.Task;

    /// <summary>Waits until it is stopped.</summary>
    /// <param name="cancellationToken">Stops the wait.</param>
    /// <returns>Never returns normally.</returns>
    [AssistantTool]
    public async Task<string> WaitForCancel(CancellationToken cancellationToken)
    {
        _waiting.TrySetResult();
        await Task.Delay(Timeout.Infinite, cancellationToken);
        return "unreachable";
    }

    /// <summary>Reads a page.</summary>
    /// <param name="chars">How many characters the page has.</param>
    /// <returns>The page's text.</returns>
    [AssistantTool]
    public string ReadPage(int chars) => new('x', chars);
}
