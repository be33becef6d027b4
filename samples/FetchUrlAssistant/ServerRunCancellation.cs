using OpenAI.Assistants;

namespace FetchUrlAssistant;

/// <summary>Cancels the Assistants run on the server when the user cancels: stopping the client alone would leave the
/// run in <c>requires_action</c> or <c>in_progress</c> there until it expires. Responses and Chat Completions hold no
/// run on the server, so only the Assistants API needs this.</summary>
internal sealed class ServerRunCancellation(AssistantClient client, RunConsole output)
{
    private (string ThreadId, string RunId)? _run;

    /// <summary>Remembers the run the latest event was about.</summary>
    public void Track(string threadId, string runId) => _run = (threadId, runId);

    /// <summary>Cancels the remembered run, on a token of its own (the run's token is already cancelled), and says
    /// so; a run that already ended is left alone.</summary>
    public async Task CancelAsync()
    {
        if (_run is not { } run)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await client.CancelRunAsync(run.ThreadId, run.RunId, timeout.Token);
            await output.WriteLineAsync($"Cancelled run {run.RunId} on thread {run.ThreadId} on the server.");
        }
        catch (Exception exception) when (exception is System.ClientModel.ClientResultException or OperationCanceledException or HttpRequestException)
        {
            await output.WriteLineAsync($"Could not cancel run {run.RunId} on the server: {exception.Message.ReplaceLineEndings(" ")}");
        }
    }
}
