namespace ToolGen.Emulator;

/// <summary>How every API consults the model: whatever the model does wrong becomes a <see cref="FailTurn"/> with
/// code <c>server_error</c>, so the client sees a failed run, a failed response or a 500 chat completion that says
/// why; only the request's own cancellation propagates.</summary>
internal static class ModelStep
{
    public static async Task<ModelTurn> NextAsync(IEmulatedModel model, ModelRequest request, CancellationToken cancellationToken)
    {
        ModelTurn? turn;
        try
        {
            turn = await model.NextTurnAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception)
        {
            return ModelTurn.Fail("server_error", $"The emulated model threw {exception.GetType().Name}: {exception.Message}");
        }

        // The interface says non-null, but a hand-written model can still return null (or default): report it
        // rather than fail with a NullReferenceException while the run is half-updated.
        // The same for a turn built with a record's constructor instead of ModelTurn's checked factories.
        var problem = turn switch
        {
            null => "returned no turn (null)",
            ToolCallsTurn { Calls: null or { Count: 0 } } => "returned a tool-calling turn without calls",
            ToolCallsTurn calls when calls.Calls.Any(c => c is null || c.Name is null || c.Arguments is null) =>
                "returned a tool call without a name or arguments",
            ReplyTurn { Text: null } => "returned a reply without text",
            FailTurn { Code: null } or FailTurn { Message: null } or IncompleteTurn { Reason: null } =>
                "returned a failure or incomplete turn without its code, message or reason",
            _ => null,
        };
        return problem is null ? turn! : ModelTurn.Fail("server_error", $"The emulated model {model.GetType().Name} {problem}.");
    }
}
