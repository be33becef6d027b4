namespace ToolGen.Emulator;

/// <summary>
/// The model behind the emulator, shared by its three APIs. The emulator consults it once per model step: for an
/// Assistants run when the run first leaves <c>queued</c> and again after each <c>submit_tool_outputs</c>; for Chat
/// Completions and Responses once per create request. Implementations must be deterministic for tests to be
/// repeatable; they are called from request threads, possibly for several requests at once.
/// </summary>
public interface IEmulatedModel
{
    /// <summary>Decides the next step of a run: call tools, reply with text, or fail.</summary>
    /// <param name="request">The run's instructions, the tools it offers and the thread's conversation so far.</param>
    /// <param name="cancellationToken">Cancelled when the emulator stops or the HTTP request is aborted.</param>
    /// <returns>The turn to apply, never <see langword="null"/>. An exception thrown here (other than the cancellation
    /// of <paramref name="cancellationToken"/>, which aborts the request), or a <see langword="null"/> turn, counts as <see cref="ModelTurn.Fail"/> with code
    /// <c>server_error</c>: a failed run, a failed response, or an HTTP 500 chat completion.</returns>
    ValueTask<ModelTurn> NextTurnAsync(ModelRequest request, CancellationToken cancellationToken);
}

/// <summary>What the model is shown for one step.</summary>
/// <param name="Instructions">Assistants: the run's effective instructions (the run's own, else the assistant's,
/// followed by <c>additional_instructions</c>). Chat Completions: the <c>system</c> and <c>developer</c> messages'
/// texts. Responses: the request's <c>instructions</c> (never those of the previous response) followed by the
/// <c>system</c> and <c>developer</c> input messages. Parts are joined with a blank line; <see langword="null"/> when
/// there are none.</param>
/// <param name="Tools">The function tools offered (other tool types are not shown); empty when <c>tool_choice</c> is
/// <c>none</c>; only the named function when <c>tool_choice</c> names one (all three APIs).</param>
/// <param name="Conversation">The messages and answered tool calls, oldest first: a thread's, a chat request's
/// <c>messages</c>, or the Responses conversation rebuilt from <c>previous_response_id</c> and <c>input</c>.</param>
public sealed record ModelRequest(string? Instructions, IReadOnlyList<EmulatedTool> Tools, IReadOnlyList<ConversationItem> Conversation)
{
    /// <summary>The request's <c>tool_choice</c> is <c>required</c> or names a function (then <see cref="Tools"/> holds
    /// just that one): the real service always answers with a tool call then. The emulator does not enforce it, so a
    /// scripted reply still goes out; a model can honor it. <see langword="false"/> for <c>auto</c> and
    /// <c>none</c>.</summary>
    public bool ToolCallRequired { get; init; }
}

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
