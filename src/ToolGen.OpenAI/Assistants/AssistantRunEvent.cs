namespace ToolGen.OpenAI;

/// <summary>Something that happened while <see cref="AssistantRunner"/> drove a run; delivered to
/// <see cref="AssistantRunnerOptions.OnEvent"/> in the order it happened.</summary>
/// <param name="ThreadId">The thread's id.</param>
/// <param name="RunId">The run's id.</param>
public abstract record AssistantRunEvent(string ThreadId, string RunId);

/// <summary>The run's status changed. Raised once per change, starting with the status the run was created with.</summary>
/// <param name="ThreadId">The thread's id.</param>
/// <param name="RunId">The run's id.</param>
/// <param name="Status">The new status exactly as the API spells it: <c>queued</c>, <c>in_progress</c>,
/// <c>requires_action</c>, <c>cancelling</c>, <c>cancelled</c>, <c>failed</c>, <c>completed</c>, <c>incomplete</c>,
/// <c>expired</c>.</param>
public sealed record RunStatusChanged(string ThreadId, string RunId, string Status) : AssistantRunEvent(ThreadId, RunId);

/// <summary>A tool call finished and its result will be submitted. Raised for every call of a round, in the order of
/// the calls, after the whole round has run and before its outputs are submitted.</summary>
/// <param name="ThreadId">The thread's id.</param>
/// <param name="RunId">The run's id.</param>
/// <param name="Round">The 1-based round the call belongs to.</param>
/// <param name="Call">The call exactly as the model made it (<see cref="ToolCall.Arguments"/> is the raw JSON text).</param>
/// <param name="Result">The result; <see cref="ToolResult.Output"/> is exactly the submitted output.</param>
public sealed record ToolCallCompleted(string ThreadId, string RunId, int Round, ToolCall Call, ToolResult Result)
    : AssistantRunEvent(ThreadId, RunId);

/// <summary>A piece of an assistant message's text arrived while the run was streamed
/// (<see cref="AssistantRunner.RunStreamingAsync"/> and the other streaming variants; the <c>text.value</c> of a
/// <c>thread.message.delta</c> event). Raised in the order the pieces arrive; the pieces of a message joined are its
/// text, and the texts of the run's messages make up <see cref="AssistantRunOutcome.Reply"/>.</summary>
/// <param name="ThreadId">The thread's id.</param>
/// <param name="RunId">The run's id.</param>
/// <param name="MessageId">The message the text belongs to (<c>msg_…</c>); a run may create several.</param>
/// <param name="Delta">The new text.</param>
public sealed record RunTextDelta(string ThreadId, string RunId, string MessageId, string Delta) : AssistantRunEvent(ThreadId, RunId);
