namespace ToolGen.OpenAI.Tests.Loop;

/// <summary><c>step(name)</c>: the call named "first" does not finish before the call named "last" has, so the
/// results of a round finish in the reverse of call order. A runner that ran the calls one after another would see
/// "first" fail after a timeout instead of hanging the test.</summary>
internal sealed partial class ChatGatedTools
{
    private readonly TaskCompletionSource _lastDone = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public List<string> Finished { get; } = [];

    /// <summary>Runs a step.</summary>
    /// <param name="name">The step's name.</param>
    /// <returns>The step's output.</returns>
    [AssistantTool]
    public async Task<string> Step(string name)
    {
        if (name == "first")
        {
            try
            {
                await _lastDone.Task.WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (TimeoutException)
            {
                return "first ran without the last running alongside";
            }
        }

        lock (Finished)
        {
            Finished.Add(name);
        }

        if (name == "last")
        {
            _lastDone.TrySetResult();
        }

        return "done " + name;
    }
}
