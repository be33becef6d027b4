namespace ToolGen.Emulator;

/// <summary>
/// Plays a fixed list of turns in order, one per model step, across all runs and requests of the emulator, whatever
/// the API. When the list runs out the turn is a <see cref="ModelTurn.Fail"/> with code <c>server_error</c> and a
/// message saying the script ended (a failed run or response, or a 500 chat completion), so a test that asks once too
/// often sees why. An instance keeps its place: shared by two emulators, or given to a new emulator after the first
/// was disposed, it goes on with the next unplayed turn (thread-safe; each turn is played exactly once), so give each
/// emulator its own instance for independent scripts.
/// </summary>
public sealed class ScriptedModel : IEmulatedModel
{
    private readonly ModelTurn[] _turns;
    private readonly List<ModelRequest> _requests = [];
    private readonly Lock _gate = new();

    /// <summary>Creates a model that plays <paramref name="turns"/> in order.</summary>
    /// <param name="turns">The turns.</param>
    public ScriptedModel(params ModelTurn[] turns)
    {
        ArgumentNullException.ThrowIfNull(turns);
        _turns = turns.ToArray();
    }

    /// <summary>The requests the model has been consulted with so far, in order (a snapshot).</summary>
    public IReadOnlyList<ModelRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return _requests.ToArray();
            }
        }
    }

    /// <summary>How many turns have not been played yet.</summary>
    public int RemainingTurns
    {
        get
        {
            lock (_gate)
            {
                return _turns.Length - _requests.Count < 0 ? 0 : _turns.Length - _requests.Count;
            }
        }
    }

    /// <inheritdoc/>
    public ValueTask<ModelTurn> NextTurnAsync(ModelRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_gate)
        {
            var index = _requests.Count;
            _requests.Add(request);
            return ValueTask.FromResult(index < _turns.Length
                ? _turns[index]
                : ModelTurn.Fail(
                    "server_error",
                    $"The scripted model has no turn left: it was asked for turn {index + 1} but was given {_turns.Length}."));
        }
    }
}
