using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ToolGen.OpenAI;

/// <summary>
/// The one tool loop behind every runner: it owns the rounds and their limits, the tool round (through
/// <see cref="ToolRound"/>), the submission budget, the exchanges, the usage, the events, the telemetry and the
/// caller's cancellation. The API's wire logic sits behind <see cref="IModelTurns"/>.
/// </summary>
/// <remarks>One instance drives one loop; the runners create one per call.</remarks>
internal sealed class ToolLoop
{
    private readonly ToolSet _tools;
    private readonly ToolRoundOptions _roundOptions;
    private readonly List<ToolCallExchange> _exchanges = [];

    /// <summary>Every output sent so far, by call id: a call id is never run, nor answered differently, twice.</summary>
    private readonly Dictionary<string, ToolResult> _answered = new(StringComparer.Ordinal);
    private TokenUsage _usage;
    private int _failedRounds;
    private LoopTurn? _last;

    public ToolLoop(string api, ToolSet tools, ToolRunnerOptions options)
    {
        Api = api;
        _tools = tools;
        Options = options;
        Logger = options.Logger ?? NullLogger.Instance;
        _roundOptions = (options.ToolRound ?? ToolRoundOptions.Default).WithFallbackLogger(options.Logger);
    }

    /// <summary>The API's name in logs and spans: <c>assistants</c>, <c>responses</c> or <c>chat</c>.</summary>
    public string Api { get; }

    public ToolRunnerOptions Options { get; }

    public ILogger Logger { get; }

    /// <summary>How many rounds of outputs were sent.</summary>
    public int Rounds { get; private set; }

    /// <summary>The round the model's current turn belongs to.</summary>
    public int CurrentRound => Rounds + 1;

    /// <summary>Whether <paramref name="callId"/> was answered in an earlier round.</summary>
    public bool WasAnswered(string callId) => _answered.ContainsKey(callId);

    public ValueTask RaiseAsync(ToolRunEvent runEvent)
        => Options.OnEvent is { } onEvent ? onEvent(runEvent) : ValueTask.CompletedTask;

    /// <summary>Logs and raises a status the API reported.</summary>
    public ValueTask StatusAsync(string id, string status, object raw)
    {
        Log.StatusChanged(Logger, Api, id, status, CurrentRound);
        return RaiseAsync(new ToolRunStatusChanged(CurrentRound, id, status, raw));
    }

    public async Task<ToolRunOutcome> RunAsync(IModelTurns turns, CancellationToken cancellationToken)
    {
        using var activity = ToolGenTelemetry.StartRun(Api);
        ToolRunOutcome outcome;
        try
        {
            outcome = await DriveAsync(turns, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            outcome = await CancelAsync(turns).ConfigureAwait(false);
        }

        ToolGenTelemetry.EndRun(activity, outcome);
        return outcome;
    }

    private async Task<ToolRunOutcome> DriveAsync(IModelTurns turns, CancellationToken cancellationToken)
    {
        var turn = await turns.StartAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            Take(turn);
            if (turn.Calls.Count == 0)
            {
                return Finish(turns, turn, turn.Status);
            }

            if (Rounds >= Options.MaxToolRounds)
            {
                Log.ToolRoundLimit(Logger, Api, turn.Id, Rounds);
                return await StopAsync(turns, turn, ToolRunStatus.ToolRoundLimit, cancellationToken).ConfigureAwait(false);
            }

            if (_failedRounds >= Options.MaxConsecutiveFailedRounds)
            {
                Log.ToolErrorLimit(Logger, Api, turn.Id, _failedRounds);
                return await StopAsync(turns, turn, ToolRunStatus.ToolErrorLimit, cancellationToken).ConfigureAwait(false);
            }

            var outputs = await AnswerAsync(turn, cancellationToken).ConfigureAwait(false);
            Rounds++;
            Log.ToolRound(Logger, Api, turn.Id, Rounds, outputs.Count);
            turn = await turns.ContinueAsync(turn, outputs, cancellationToken).ConfigureAwait(false);
        }
    }

    private void Take(LoopTurn turn)
    {
        _usage += turn.Usage;
        _last = turn;
    }

    /// <summary>Runs the calls of a turn that were not answered before, each call id once, and returns one output per
    /// call id in the order the ids first appear.</summary>
    /// <remarks>Throws when the caller cancels before the outputs are ready: tools need not observe the token, and a
    /// caller who cancelled does not want the outputs sent.</remarks>
    private async Task<IReadOnlyList<ToolResult>> AnswerAsync(LoopTurn turn, CancellationToken cancellationToken)
    {
        var round = CurrentRound;
        var distinct = new List<ToolCall>(turn.Calls.Count);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var call in turn.Calls)
        {
            if (seen.TryGetValue(call.Id, out var count))
            {
                seen[call.Id] = count + 1;
                continue;
            }

            seen[call.Id] = 1;
            distinct.Add(call);
        }

        foreach (var (id, count) in seen)
        {
            if (count > 1)
            {
                Log.DuplicateCallId(Logger, round, id, count);
            }
        }

        var results = new ToolResult[distinct.Count];
        var isNew = new bool[distinct.Count];
        var toRun = new List<ToolCall>();
        var toRunAt = new List<int>();
        for (var i = 0; i < distinct.Count; i++)
        {
            var call = distinct[i];
            if (_answered.TryGetValue(call.Id, out var earlier))
            {
                results[i] = earlier;
                continue;
            }

            isNew[i] = true;
            if (Options.BeforeToolCall is { } before
                && await before(call, cancellationToken).ConfigureAwait(false) is { } known)
            {
                Log.CallAnsweredWithoutRunning(Logger, round, call.Id, call.Name);
                results[i] = known.CallId == call.Id ? known : known with { CallId = call.Id };
                continue;
            }

            toRun.Add(call);
            toRunAt.Add(i);
        }

        using (var answerBy = AnswerBy(turn))
        {
            var ran = await ToolRound.RunAsync(_tools, toRun, _roundOptions, answerBy?.Token ?? default, cancellationToken)
                .ConfigureAwait(false);
            for (var j = 0; j < ran.Count; j++)
            {
                results[toRunAt[j]] = ran[j];
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (Options.MaxSubmissionBytes is { } budget)
        {
            results = SubmissionBudget.Apply(results, budget, out var cut);
            if (cut > 0)
            {
                Log.SubmissionTruncated(Logger, round, cut, budget);
            }
        }

        var newCount = 0;
        var newFailed = 0;
        for (var i = 0; i < distinct.Count; i++)
        {
            if (!isNew[i])
            {
                continue;
            }

            newCount++;
            newFailed += results[i].IsError ? 1 : 0;
            _answered[distinct[i].Id] = results[i];
            _exchanges.Add(new ToolCallExchange(round, distinct[i], results[i]));
            await RaiseAsync(new ToolCallCompleted(round, distinct[i], results[i])).ConfigureAwait(false);
        }

        if (newCount > 0)
        {
            _failedRounds = newFailed == newCount ? _failedRounds + 1 : 0;
        }

        return results;
    }

    /// <summary>A token cancelled at the turn's <c>expires_at</c> less the margin, or <see langword="null"/> when the
    /// turn has no deadline.</summary>
    private CancellationTokenSource? AnswerBy(LoopTurn turn)
    {
        if (turn.ExpiresAt is not { } expiresAt)
        {
            return null;
        }

        var left = expiresAt - Options.ExpiryMargin - Options.TimeProvider.GetUtcNow();
        if (left <= TimeSpan.Zero)
        {
            var expired = new CancellationTokenSource();
            expired.Cancel();
            return expired;
        }

        return new CancellationTokenSource(left < ToolRoundOptions.MaxCallTimeout ? left : ToolRoundOptions.MaxCallTimeout, Options.TimeProvider);
    }

    private async Task<ToolRunOutcome> StopAsync(IModelTurns turns, LoopTurn turn, ToolRunStatus limit, CancellationToken cancellationToken)
    {
        if (await turns.StopAsync(cancellationToken).ConfigureAwait(false) is not { } final)
        {
            return Finish(turns, turn, limit);
        }

        Take(final);

        // A run that ended on its own before the cancellation took hold reports that ending.
        return Finish(turns, final, final.Status == ToolRunStatus.Cancelled ? limit : final.Status);
    }

    private async Task<ToolRunOutcome> CancelAsync(IModelTurns turns)
    {
        Log.CancelledByCaller(Logger, Api, _last?.Id);
        LoopTurn? final = null;
        using var limit = new CancellationTokenSource(Options.CancelTimeout, Options.TimeProvider);
        try
        {
            final = await turns.StopAsync(limit.Token).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // Best effort: the caller asked to stop, and a server that does not answer must not hold that up.
            Log.CancelFailed(Logger, Api, _last?.Id, exception);
        }

        if (final is not null)
        {
            Take(final);
        }

        return turns.Complete(Outcome(_last, ToolRunStatus.Cancelled));
    }

    private ToolRunOutcome Finish(IModelTurns turns, LoopTurn turn, ToolRunStatus status)
        => turns.Complete(Outcome(turn, status));

    private ToolRunOutcome Outcome(LoopTurn? turn, ToolRunStatus status) => new()
    {
        Status = status,
        ApiStatus = turn?.ApiStatus ?? "",
        Id = turn?.Id,
        Reply = turn?.Reply,
        Refusal = turn?.Refusal,
        Error = status == ToolRunStatus.Failed ? turn?.Error : null,
        IncompleteReason = status == ToolRunStatus.Incomplete ? turn?.IncompleteReason : null,
        ToolCalls = _exchanges.ToArray(),
        ToolRounds = Rounds,
        Usage = _usage,
        RawRepresentation = turn?.Raw,
    };
}
