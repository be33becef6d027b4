namespace ToolGen.Emulator;

/// <summary>
/// The model behind the emulator. The emulator consults it once per model step of a run: when a run first leaves
/// <c>queued</c>, and again after each <c>submit_tool_outputs</c>. Implementations must be deterministic for tests
/// to be repeatable; they are called from request threads, possibly for several runs at once.
/// </summary>
public interface IEmulatedModel
{
    /// <summary>Decides the next step of a run: call tools, reply with text, or fail.</summary>
    /// <param name="request">The run's instructions, the tools it offers and the thread's conversation so far.</param>
    /// <param name="cancellationToken">Cancelled when the emulator stops or the HTTP request is aborted.</param>
    /// <returns>The turn to apply to the run. An exception thrown here fails the run with <c>last_error.code</c>
    /// <c>server_error</c>.</returns>
    ValueTask<ModelTurn> NextTurnAsync(ModelRequest request, CancellationToken cancellationToken);
}

/// <summary>What the model is shown for one step of a run.</summary>
/// <param name="Instructions">The run's effective instructions (the run's own, else the assistant's, followed by
/// <c>additional_instructions</c>), or <see langword="null"/>.</param>
/// <param name="Tools">The function tools the run offers (other tool types are not shown); empty when the run's
/// <c>tool_choice</c> is <c>none</c>.</param>
/// <param name="Conversation">The thread's messages and answered tool calls, oldest first.</param>
public sealed record ModelRequest(string? Instructions, IReadOnlyList<EmulatedTool> Tools, IReadOnlyList<ConversationItem> Conversation);

/// <summary>A function tool as the run offers it.</summary>
/// <param name="Name">The function name.</param>
/// <param name="Description">The function description, or <see langword="null"/>.</param>
/// <param name="ParametersJson">The parameters JSON Schema as JSON text; <c>{"type":"object","properties":{}}</c>
/// when the tool was defined without one (as the real service fills it in).</param>
public sealed record EmulatedTool(string Name, string? Description, string ParametersJson);

/// <summary>A function call the model asks the client to run.</summary>
/// <param name="Name">The function name. It is not checked against the run's tools, so a test can make the model
/// call an unknown function.</param>
/// <param name="Arguments">The arguments exactly as the client will receive them in
/// <c>required_action.submit_tool_outputs.tool_calls[].function.arguments</c> (normally a JSON object; not
/// validated, so a test can send broken JSON).</param>
public sealed record EmulatedToolCall(string Name, string Arguments);
