using Microsoft.Extensions.Logging;

namespace ToolGen.OpenAI;

/// <summary>Every log message of the library, in one place so each event id is used once (docs/observability.md
/// lists them).</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Debug, "{Api} {Id}: {Status} (round {Round})", EventName = "StatusChanged")]
    public static partial void StatusChanged(ILogger logger, string api, string id, string status, int round);

    [LoggerMessage(2, LogLevel.Information, "{Api} {Id}: sending round {Round} with {Count} tool outputs", EventName = "ToolRound")]
    public static partial void ToolRound(ILogger logger, string api, string id, int round, int count);

    [LoggerMessage(3, LogLevel.Information, "{Api} {Id}: the tool outputs were refused; the run is now {Status}", EventName = "SubmitRefused")]
    public static partial void SubmitRefused(ILogger logger, string api, string id, string status);

    [LoggerMessage(4, LogLevel.Warning, "{Api} {Id}: the model asked for tools after {Rounds} rounds, the limit; stopping without running them", EventName = "ToolRoundLimit")]
    public static partial void ToolRoundLimit(ILogger logger, string api, string id, int rounds);

    [LoggerMessage(5, LogLevel.Warning, "{Api} {Id}: every call failed in {Rounds} rounds in a row, the limit; stopping without running more", EventName = "ToolErrorLimit")]
    public static partial void ToolErrorLimit(ILogger logger, string api, string id, int rounds);

    [LoggerMessage(6, LogLevel.Information, "{Api} {Id}: the caller cancelled; cancelling on the server", EventName = "CancelledByCaller")]
    public static partial void CancelledByCaller(ILogger logger, string api, string? id);

    [LoggerMessage(7, LogLevel.Debug, "{Api} {Id}: the server cancellation did not go through; the run is left as it is", EventName = "CancelFailed")]
    public static partial void CancelFailed(ILogger logger, string api, string? id, Exception exception);

    [LoggerMessage(8, LogLevel.Warning, "Round {Round}: {Count} tool outputs were cut to keep the submission within {Budget} bytes", EventName = "SubmissionTruncated")]
    public static partial void SubmissionTruncated(ILogger logger, int round, int count, int budget);

    [LoggerMessage(9, LogLevel.Warning, "{Api} {Id}: expires_at passed before the outputs of round {Round} could be sent; they are not sent", EventName = "ExpiredBeforeSubmission")]
    public static partial void ExpiredBeforeSubmission(ILogger logger, string api, string id, int round);

    [LoggerMessage(10, LogLevel.Debug, "Tool call {CallId} ({Tool}) finished in {ElapsedMilliseconds} ms: {Outcome}", EventName = "ToolCallFinished")]
    public static partial void ToolCallFinished(ILogger logger, string callId, string tool, double elapsedMilliseconds, string outcome);

    [LoggerMessage(11, LogLevel.Warning, "Tool call {CallId} ({Tool}) did not finish within {Limit}; its token was cancelled and a tool_timeout error is sent instead", EventName = "ToolCallTimedOut")]
    public static partial void ToolCallTimedOut(ILogger logger, string callId, string tool, string limit);

    [LoggerMessage(12, LogLevel.Debug, "Tool call {CallId} ({Tool}) threw after it was given up; the exception is dropped", EventName = "AbandonedToolCallFailed")]
    public static partial void AbandonedToolCallFailed(ILogger logger, string callId, string tool, Exception exception);

    [LoggerMessage(13, LogLevel.Warning, "Tool call {CallId} ({Tool}): the tool set's InvokeAsync threw instead of returning an error result; a tool_failed error is sent instead", EventName = "ToolSetThrew")]
    public static partial void ToolSetThrew(ILogger logger, string callId, string tool, Exception exception);

    [LoggerMessage(14, LogLevel.Information, "Round {Round}: call id {CallId} was listed {Count} times; it runs once and is answered once", EventName = "DuplicateCallId")]
    public static partial void DuplicateCallId(ILogger logger, int round, string callId, int count);

    [LoggerMessage(15, LogLevel.Information, "Round {Round}: call {CallId} ({Tool}) was answered by BeforeToolCall without running the tool", EventName = "CallAnsweredWithoutRunning")]
    public static partial void CallAnsweredWithoutRunning(ILogger logger, int round, string callId, string tool);
}
