namespace ToolGen.OpenAI;

/// <summary>Something that happened while a runner drove its tool loop; delivered to
/// <see cref="ToolRunnerOptions.OnEvent"/> in the order it happened. The same events for every API.</summary>
/// <param name="Round">The 1-based round: model turn <c>n</c> asks for the tool calls of round <c>n</c>, and the
/// final turn's round is one more than the number of tool rounds.</param>
public abstract record ToolRunEvent(int Round);

/// <summary>The API reported a new status: an Assistants run's status changed (once per change, starting with the
/// status it was created with), a response arrived, or a chat completion arrived (once per request, before its tool
/// calls run).</summary>
/// <param name="Round">The 1-based round.</param>
/// <param name="Id">The run (<c>run_…</c>), response (<c>resp_…</c>) or completion (<c>chatcmpl-…</c>) id.</param>
/// <param name="Status">The status as the API spells it: a run's <c>status</c> (<c>queued</c>, <c>in_progress</c>,
/// <c>requires_action</c>, …), a response's <c>status</c>, or a completion's <c>finish_reason</c>.</param>
/// <param name="RawRepresentation">The SDK object: a <c>ThreadRun</c>, a <c>ResponseResult</c> or a
/// <c>ChatCompletion</c>.</param>
public sealed record ToolRunStatusChanged(int Round, string Id, string Status, object RawRepresentation) : ToolRunEvent(Round);

/// <summary>A tool call was answered and its output will be sent. Raised for every call of a round, in the order of
/// the calls, after the whole round has run (and the submission budget was applied) and before the outputs are
/// sent.</summary>
/// <param name="Round">The 1-based round the call belongs to.</param>
/// <param name="Call">The call exactly as the model made it (<see cref="ToolCall.Arguments"/> is the raw JSON text).</param>
/// <param name="Result">The result; <see cref="ToolResult.Output"/> is exactly the output sent.</param>
public sealed record ToolCallCompleted(int Round, ToolCall Call, ToolResult Result) : ToolRunEvent(Round);

/// <summary>A piece of the model's text arrived while streaming (<see cref="ToolRunnerOptions.Streaming"/>): a
/// <c>thread.message.delta</c>, an <c>response.output_text.delta</c> or a chunk's <c>delta.content</c>. The pieces
/// of a turn joined are its text.</summary>
/// <param name="Round">The 1-based round of the turn being streamed.</param>
/// <param name="Delta">The new text.</param>
public sealed record ToolRunTextDelta(int Round, string Delta) : ToolRunEvent(Round);
