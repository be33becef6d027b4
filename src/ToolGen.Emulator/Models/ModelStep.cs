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
        return turn ?? ModelTurn.Fail("server_error", $"The emulated model {model.GetType().Name} returned no turn (null).");
    }
}
