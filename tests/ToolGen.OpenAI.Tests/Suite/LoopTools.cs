using System.Collections.Concurrent;

namespace ToolGen.OpenAI.Tests.Suite;

/// <summary>Tools for the suite that runs every API through the one loop.</summary>
internal sealed partial class LoopTools
{
    /// <summary>Tells the weather in a city.</summary>
    /// <param name="city">The city's name.</param>
    /// <returns>The weather.</returns>
    [AssistantTool]
    public static string GetWeather(string city) => $"Sunny in {city}";

    /// <summary>Returns a long text.</summary>
    /// <param name="chars">How many characters.</param>
    /// <returns>The text.</returns>
    [AssistantTool]
    public static string ReadBook(int chars) => new('x', chars);
}

/// <summary>A tool set that records the id of every call it runs, so a test sees a call that ran twice.</summary>
internal sealed class CountingToolSet(ToolSet inner) : ToolSet
{
    private readonly ConcurrentQueue<string> _ran = new();

    public IReadOnlyList<string> Ran => _ran.ToArray();

    public override IReadOnlyList<ToolDefinition> Definitions => inner.Definitions;

    public override ValueTask<ToolResult> InvokeAsync(ToolCall call, CancellationToken cancellationToken = default)
    {
        _ran.Enqueue(call.Id);
        return inner.InvokeAsync(call, cancellationToken);
    }

    protected override ValueTask<ToolResult> InvokeCoreAsync(ToolCall call, CancellationToken cancellationToken)
        => inner.InvokeAsync(call, cancellationToken);
}
