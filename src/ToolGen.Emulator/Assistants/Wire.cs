using System.Buffers;
using System.Text.Json;
using static ToolGen.Emulator.Http.JsonText;

namespace ToolGen.Emulator.Assistants;

/// <summary>
/// Writes the Assistants v2 objects with the property names, order and JSON types of the real service's responses
/// (tests/fixtures/openai-recordings/assistants/; a test compares the shapes).
/// </summary>
internal static class Wire
{
    public static void Assistant(Utf8JsonWriter w, AssistantEntity a)
    {
        w.WriteStartObject();
        w.WriteString("id", a.Id);
        w.WriteString("object", "assistant");
        w.WriteNumber("created_at", a.CreatedAt);
        WriteStringOrNull(w, "name", a.Name);
        WriteStringOrNull(w, "description", a.Description);
        w.WriteString("model", a.Model);
        WriteStringOrNull(w, "instructions", a.Instructions);
        Tools(w, a.Tools);
        WriteNumberOrNull(w, "top_p", a.TopP);
        WriteNumberOrNull(w, "temperature", a.Temperature);
        WriteStringOrNull(w, "reasoning_effort", a.ReasoningEffort);
        Raw(w, "tool_resources", a.ToolResourcesJson);
        Raw(w, "metadata", a.MetadataJson);
        Raw(w, "response_format", a.ResponseFormatJson);
        w.WriteEndObject();
    }

    // The service's streamed thread and run objects spell empty tool resources out (StreamingToolCallAsync and
    // StreamingRunWorksAsync recordings) where its JSON answers send {}.
    private const string StreamedEmptyToolResources = """{"code_interpreter":{"file_ids":[]}}""";

    public static void Thread(Utf8JsonWriter w, ThreadEntity t) => Thread(w, t, streamed: false);

    public static void Thread(Utf8JsonWriter w, ThreadEntity t, bool streamed)
    {
        w.WriteStartObject();
        w.WriteString("id", t.Id);
        w.WriteString("object", "thread");
        w.WriteNumber("created_at", t.CreatedAt);
        Raw(w, "metadata", t.MetadataJson);
        Raw(w, "tool_resources", streamed && t.ToolResourcesJson == "{}" ? StreamedEmptyToolResources : t.ToolResourcesJson);
        w.WriteEndObject();
    }

    /// <summary>A message. The streamed form (events <c>thread.message.*</c>) also carries <c>status</c>,
    /// <c>incomplete_details</c>, <c>incomplete_at</c> and <c>completed_at</c>, as in the recorded streams; the
    /// polled form does not, as in the recorded lists.</summary>
    public static void Message(Utf8JsonWriter w, MessageEntity m) => Message(w, m, streamed: null);

    public static void Message(Utf8JsonWriter w, MessageEntity m, (bool Completed, long? CompletedAt)? streamed)
    {
        w.WriteStartObject();
        w.WriteString("id", m.Id);
        w.WriteString("object", "thread.message");
        w.WriteNumber("created_at", m.CreatedAt);
        WriteStringOrNull(w, "assistant_id", m.AssistantId);
        w.WriteString("thread_id", m.ThreadId);
        WriteStringOrNull(w, "run_id", m.RunId);
        if (streamed is { } stream)
        {
            w.WriteString("status", stream.Completed ? "completed" : "in_progress");
            w.WriteNull("incomplete_details");
            w.WriteNull("incomplete_at");
            WriteNumberOrNull(w, "completed_at", stream.CompletedAt);
        }

        w.WriteString("role", m.Role);
        w.WriteStartArray("content");
        foreach (var text in streamed is { Completed: false } ? [] : m.Texts)
        {
            w.WriteStartObject();
            w.WriteString("type", "text");
            w.WriteStartObject("text");
            w.WriteString("value", text);
            w.WriteStartArray("annotations");
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        Raw(w, "attachments", m.AttachmentsJson);
        Raw(w, "metadata", m.MetadataJson);
        w.WriteEndObject();
    }

    public static void Run(Utf8JsonWriter w, RunEntity r) => Run(w, r, streamed: false);

    public static void StreamedRun(Utf8JsonWriter w, RunEntity r) => Run(w, r, streamed: true);

    public static void Run(Utf8JsonWriter w, RunEntity r, bool streamed)
    {
        w.WriteStartObject();
        w.WriteString("id", r.Id);
        w.WriteString("object", "thread.run");
        w.WriteNumber("created_at", r.CreatedAt);
        w.WriteString("assistant_id", r.AssistantId);
        w.WriteString("thread_id", r.ThreadId);
        w.WriteString("status", r.Status);
        WriteNumberOrNull(w, "started_at", r.StartedAt);
        WriteNumberOrNull(w, "expires_at", r.ShowsExpiresAt ? r.ExpiresAt : null);
        WriteNumberOrNull(w, "cancelled_at", r.CancelledAt);
        WriteNumberOrNull(w, "failed_at", r.FailedAt);
        WriteNumberOrNull(w, "completed_at", r.CompletedAt);
        if (r.Status == RunStatus.RequiresAction && r.RequiredCalls is { } calls)
        {
            w.WriteStartObject("required_action");
            w.WriteString("type", "submit_tool_outputs");
            w.WriteStartObject("submit_tool_outputs");
            FunctionToolCalls(w, calls);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("required_action");
        }

        if (r.LastError is { } error)
        {
            w.WriteStartObject("last_error");
            w.WriteString("code", error.Code);
            w.WriteString("message", error.Message);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("last_error");
        }

        w.WriteString("model", r.Model);
        WriteStringOrNull(w, "instructions", r.Instructions);
        Tools(w, r.Tools);
        Raw(w, "tool_resources", streamed && r.ToolResourcesJson == "{}" ? StreamedEmptyToolResources : r.ToolResourcesJson);
        Raw(w, "metadata", r.MetadataJson);
        WriteNumberOrNull(w, "temperature", r.Temperature);
        WriteNumberOrNull(w, "top_p", r.TopP);
        WriteStringOrNull(w, "reasoning_effort", r.ReasoningEffort);
        WriteNumberOrNull(w, "max_completion_tokens", r.MaxCompletionTokens);
        WriteNumberOrNull(w, "max_prompt_tokens", r.MaxPromptTokens);
        Raw(w, "truncation_strategy", r.TruncationStrategyJson);
        if (r.IncompleteReason is { } reason)
        {
            w.WriteStartObject("incomplete_details");
            w.WriteString("reason", reason);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("incomplete_details");
        }

        if (r.ShowsUsage)
        {
            Usage(w, r.PromptTokens, r.CompletionTokens);
        }
        else
        {
            w.WriteNull("usage");
        }

        Raw(w, "response_format", r.ResponseFormatJson);
        Raw(w, "tool_choice", r.ToolChoiceJson);
        w.WriteBoolean("parallel_tool_calls", r.ParallelToolCalls);
        w.WriteEndObject();
    }

    public static void Step(Utf8JsonWriter w, RunStepEntity s)
    {
        w.WriteStartObject();
        w.WriteString("id", s.Id);
        w.WriteString("object", "thread.run.step");
        w.WriteNumber("created_at", s.CreatedAt);
        w.WriteString("run_id", s.Run.Id);
        w.WriteString("assistant_id", s.Run.AssistantId);
        w.WriteString("thread_id", s.Run.ThreadId);
        w.WriteString("type", s.Type);
        w.WriteString("status", s.Status);
        WriteNumberOrNull(w, "cancelled_at", s.CancelledAt);
        WriteNumberOrNull(w, "completed_at", s.CompletedAt);
        w.WriteNumber("expires_at", s.Run.ExpiresAt);
        w.WriteNull("failed_at");
        w.WriteNull("last_error");
        w.WriteStartObject("step_details");
        w.WriteString("type", s.Type);
        if (s.Type == "message_creation")
        {
            w.WriteStartObject("message_creation");
            w.WriteString("message_id", s.MessageId);
            w.WriteEndObject();
        }
        else
        {
            w.WriteStartArray("tool_calls");

            foreach (var call in s.Calls)
            {
                w.WriteStartObject();
                w.WriteString("id", call.Id);
                w.WriteString("type", "function");
                w.WriteStartObject("function");
                w.WriteString("name", call.Name);
                w.WriteString("arguments", call.Arguments);
                WriteStringOrNull(w, "output", s.Outputs.GetValueOrDefault(call.Id));
                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
        if (s.Status == StepStatus.Completed)
        {
            Usage(w, s.PromptTokens, s.CompletionTokens);
        }
        else
        {
            w.WriteNull("usage");
        }

        w.WriteEndObject();
    }

    /// <summary>The step as first streamed (<c>thread.run.step.created</c>): its calls come in later deltas.</summary>
    public static void StepStarted(Utf8JsonWriter w, RunStepEntity s) =>
        Step(w, new RunStepEntity
        {
            Id = s.Id,
            CreatedAt = s.CreatedAt,
            Run = s.Run,
            Type = s.Type,
            MessageId = s.MessageId,
        });

    /// <summary>A <c>thread.run.step.delta</c> announcing one call (<paramref name="withArguments"/> false: id and
    /// name with empty arguments) or adding its arguments.</summary>
    public static void StepCallDelta(Utf8JsonWriter w, RunStepEntity s, int index, bool withArguments)
    {
        var call = s.Calls[index];
        w.WriteStartObject();
        w.WriteString("id", s.Id);
        w.WriteString("object", "thread.run.step.delta");
        w.WriteStartObject("delta");
        w.WriteStartObject("step_details");
        w.WriteString("type", "tool_calls");
        w.WriteStartArray("tool_calls");
        w.WriteStartObject();
        w.WriteNumber("index", index);
        if (!withArguments)
        {
            w.WriteString("id", call.Id);
        }

        w.WriteString("type", "function");
        w.WriteStartObject("function");
        if (withArguments)
        {
            w.WriteString("arguments", call.Arguments);
        }
        else
        {
            w.WriteString("name", call.Name);
            w.WriteString("arguments", "");
            w.WriteNull("output");
        }

        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public static void MessageDelta(Utf8JsonWriter w, string messageId, string piece, bool first)
    {
        w.WriteStartObject();
        w.WriteString("id", messageId);
        w.WriteString("object", "thread.message.delta");
        w.WriteStartObject("delta");
        w.WriteStartArray("content");
        w.WriteStartObject();
        w.WriteNumber("index", 0);
        w.WriteString("type", "text");
        w.WriteStartObject("text");
        w.WriteString("value", piece);
        if (first)
        {
            w.WriteStartArray("annotations");
            w.WriteEndArray();
        }

        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void Usage(Utf8JsonWriter w, long prompt, long completion)
    {
        w.WriteStartObject("usage");
        w.WriteNumber("prompt_tokens", prompt);
        w.WriteNumber("completion_tokens", completion);
        w.WriteNumber("total_tokens", prompt + completion);
        w.WriteStartObject("prompt_token_details");
        w.WriteNumber("cached_tokens", 0);
        w.WriteEndObject();
        w.WriteStartObject("completion_tokens_details");
        w.WriteNumber("reasoning_tokens", 0);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void Tools(Utf8JsonWriter w, IReadOnlyList<ToolSpec> tools)
    {
        w.WriteStartArray("tools");
        foreach (var tool in tools)
        {
            if (!tool.IsFunction)
            {
                w.WriteRawValue(tool.RawJson);
                continue;
            }

            w.WriteStartObject();
            w.WriteString("type", "function");
            w.WriteStartObject("function");
            w.WriteString("name", tool.Name);
            if (tool.Description is not null)
            {
                w.WriteString("description", tool.Description);
            }

            Raw(w, "parameters", tool.ParametersJson ?? ToolSpec.EmptyParameters);
            w.WriteBoolean("strict", tool.Strict);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
