using ToolGen;

namespace FetchUrlAssistant;

/// <summary>The same tools, reporting each call to the status line while it runs.</summary>
/// <param name="inner">The tools.</param>
/// <param name="console">Where the running tool is shown.</param>
internal sealed class ObservedToolSet(ToolSet inner, RunConsole console) : ToolSet
{
    public override IReadOnlyList<ToolDefinition> Definitions => inner.Definitions;

    public override async ValueTask<ToolResult> InvokeAsync(ToolCall call, CancellationToken cancellationToken = default)
    {
        using (console.ToolRunning(call.Name))
        {
            return await inner.InvokeAsync(call, cancellationToken);
        }
    }

    protected override ValueTask<ToolResult> InvokeCoreAsync(ToolCall call, CancellationToken cancellationToken)
        => inner.InvokeAsync(call, cancellationToken);
}
