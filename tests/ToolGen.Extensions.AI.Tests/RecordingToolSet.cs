namespace ToolGen.Extensions.AI.Tests;

/// <summary>Passes calls on to another set and keeps each <see cref="ToolCall"/> it was given.</summary>
internal sealed class RecordingToolSet(ToolSet inner) : ToolSet
{
    private readonly List<ToolCall> _calls = [];

    public IReadOnlyList<ToolCall> Calls
    {
        get
        {
            lock (_calls)
            {
                return _calls.ToArray();
            }
        }
    }

    public override IReadOnlyList<ToolDefinition> Definitions => inner.Definitions;

    public override ValueTask<ToolResult> InvokeAsync(ToolCall call, CancellationToken cancellationToken = default)
        => InvokeWithServicesAsync(call, null, cancellationToken);

    public override ValueTask<ToolResult> InvokeWithServicesAsync(ToolCall call, IServiceProvider? services, CancellationToken cancellationToken = default)
    {
        lock (_calls)
        {
            _calls.Add(call);
        }

        return inner.InvokeWithServicesAsync(call, services, cancellationToken);
    }

    protected override ValueTask<ToolResult> InvokeCoreAsync(ToolCall call, CancellationToken cancellationToken)
        => throw new NotSupportedException("InvokeAsync passes calls on to the inner set.");
}
