namespace ToolGen.OpenAI;

/// <summary>
/// One round of tool calls, whatever API they came from: every call of the round runs through
/// <see cref="ToolSet.InvokeAsync"/> concurrently, and the results come back in the order of the calls, ready to be
/// submitted together (the Assistants API takes all outputs of a <c>requires_action</c> step in one
/// <c>submit_tool_outputs</c> request). API adapters only translate their API's calls into <see cref="ToolCall"/>s
/// and the results back.
/// </summary>
public static class ToolRound
{
    /// <summary>Runs every call of a round concurrently and returns their results in call order.</summary>
    /// <param name="tools">The tools to dispatch to.</param>
    /// <param name="calls">The round's calls, in the order the model made them.</param>
    /// <param name="cancellationToken">The caller's token, passed to every tool.</param>
    /// <returns>One result per call, at the call's index. A result's <see cref="ToolResult.CallId"/> is the call's
    /// <see cref="ToolCall.Id"/>. A model's mistake or a tool's exception is an error result, never an exception.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="tools"/> or <paramref name="calls"/> is
    /// <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<IReadOnlyList<ToolResult>> RunAsync(
        ToolSet tools,
        IReadOnlyList<ToolCall> calls,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tools);
        ArgumentNullException.ThrowIfNull(calls);
        if (calls.Count == 0)
        {
            return [];
        }

        var pending = new Task<ToolResult>[calls.Count];
        for (var i = 0; i < calls.Count; i++)
        {
            pending[i] = InvokeOneAsync(tools, calls[i], cancellationToken);
        }

        return await Task.WhenAll(pending).ConfigureAwait(false);
    }

    private static async Task<ToolResult> InvokeOneAsync(ToolSet tools, ToolCall call, CancellationToken cancellationToken)
    {
        // Task.Run: a tool that does slow synchronous work before its first await must not hold up the other calls.
        var result = await Task.Run(() => tools.InvokeAsync(call, cancellationToken).AsTask(), cancellationToken)
            .ConfigureAwait(false);

        // The output is submitted under the call's id; a set that answers under another id would lose the output.
        return result.CallId == call.Id ? result : result with { CallId = call.Id };
    }
}
