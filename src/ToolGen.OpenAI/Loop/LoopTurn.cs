namespace ToolGen.OpenAI;

/// <summary>What one API answered when the loop asked the model: either tool calls to run, or the end.</summary>
internal sealed class LoopTurn
{
    /// <summary>The run, response or completion id.</summary>
    public required string Id { get; init; }

    /// <summary>The API's status, spelled as on the wire.</summary>
    public required string ApiStatus { get; init; }

    /// <summary>The SDK object.</summary>
    public required object Raw { get; init; }

    /// <summary>The calls to answer, in the order the API listed them (an id may repeat); empty when the turn ends the
    /// loop.</summary>
    public IReadOnlyList<ToolCall> Calls { get; init; } = [];

    /// <summary>How the loop ends when <see cref="Calls"/> is empty.</summary>
    public ToolRunStatus Status { get; init; }

    public string? Reply { get; init; }

    public string? Refusal { get; init; }

    public ToolRunError? Error { get; init; }

    public string? IncompleteReason { get; init; }

    /// <summary>Tokens this turn adds to the loop's total.</summary>
    public TokenUsage Usage { get; init; }

    /// <summary>When the outputs must be in (an Assistants run's <c>expires_at</c>), or <see langword="null"/>.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }
}

/// <summary>One API's wire logic behind the shared <see cref="ToolLoop"/>: start the model, continue it with the outputs
/// of a round, stop it.</summary>
internal interface IModelTurns
{
    /// <summary>Sends the first request and follows it until the model asks for tools or ends.</summary>
    Task<LoopTurn> StartAsync(CancellationToken cancellationToken);

    /// <summary>Sends the outputs of <paramref name="turn"/>'s calls (one per call id, in the order of first
    /// appearance) and follows the model until it asks for tools again or ends.</summary>
    Task<LoopTurn> ContinueAsync(LoopTurn turn, IReadOnlyList<ToolResult> outputs, CancellationToken cancellationToken);

    /// <summary>Stops the model on the server where the API has something to stop (an Assistants run: cancel it and
    /// wait for its end); returns its final turn, or <see langword="null"/> when there is nothing to stop, as for a
    /// response or a completion, which is over once it has arrived.</summary>
    Task<LoopTurn?> StopAsync(CancellationToken cancellationToken) => Task.FromResult<LoopTurn?>(null);

    /// <summary>Adds the API's own members to an outcome.</summary>
    ToolRunOutcome Complete(ToolRunOutcome outcome);
}
