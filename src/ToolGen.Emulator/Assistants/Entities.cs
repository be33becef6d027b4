namespace ToolGen.Emulator.Assistants;

internal static class RunStatus
{
    public const string Queued = "queued";
    public const string InProgress = "in_progress";
    public const string RequiresAction = "requires_action";
    public const string Cancelling = "cancelling";
    public const string Cancelled = "cancelled";
    public const string Failed = "failed";
    public const string Completed = "completed";
    public const string Incomplete = "incomplete";
    public const string Expired = "expired";

    public static bool IsActive(string status) =>
        status is Queued or InProgress or RequiresAction or Cancelling;
}

/// <summary>A tool as an assistant or run holds it. Function tools are kept field by field so the echo is
/// normalized the way the real service does it; other tool types are echoed as sent.</summary>
internal sealed record ToolSpec(string Type, string? Name, string? Description, string? ParametersJson, bool Strict, string RawJson)
{
    // What the real service echoes for a function defined without parameters (StreamingToolCallAsync recording).
    public const string EmptyParameters = """{"type":"object","properties":{}}""";

    public bool IsFunction => Type == "function";
}

internal sealed class AssistantEntity
{
    public required string Id { get; init; }
    public required long CreatedAt { get; init; }
    public required string Model { get; set; }
    public string? Name { get; set; }
    public string? Description { get; set; }
    public string? Instructions { get; set; }
    public required IReadOnlyList<ToolSpec> Tools { get; set; }
    public required string MetadataJson { get; set; }
    public required string ToolResourcesJson { get; set; }
    public double? Temperature { get; set; }
    public double? TopP { get; set; }
    public string? ReasoningEffort { get; set; }
    public required string ResponseFormatJson { get; set; }
}

internal sealed class ThreadEntity
{
    public required string Id { get; init; }
    public required long CreatedAt { get; init; }
    public required string MetadataJson { get; set; }
    public required string ToolResourcesJson { get; set; }
    public List<MessageEntity> Messages { get; } = [];

    /// <summary>What the model sees: messages and answered tool calls in the order they happened.</summary>
    public List<ConversationItem> Conversation { get; } = [];

    public List<RunEntity> Runs { get; } = [];
}

internal sealed class MessageEntity
{
    public required string Id { get; init; }
    public required long CreatedAt { get; init; }
    public required string ThreadId { get; init; }
    public required string Role { get; init; }
    public required IReadOnlyList<string> Texts { get; init; }
    public string? AssistantId { get; init; }
    public string? RunId { get; init; }
    public required string MetadataJson { get; set; }
    public required string AttachmentsJson { get; init; }

    /// <summary>This message's entry in the thread's conversation, removed with it.</summary>
    public ConversationItem? Item { get; set; }
}

internal sealed record PendingCall(string Id, string Name, string Arguments);

internal sealed class RunEntity
{
    public required string Id { get; init; }
    public required string ThreadId { get; init; }
    public required string AssistantId { get; init; }
    public required long CreatedAt { get; init; }
    public required long ExpiresAt { get; init; }
    public required string Model { get; init; }
    public string? Instructions { get; init; }
    public required IReadOnlyList<ToolSpec> Tools { get; init; }
    public required string MetadataJson { get; set; }
    public required string ToolResourcesJson { get; set; }
    public double? Temperature { get; init; }
    public double? TopP { get; init; }
    public string? ReasoningEffort { get; init; }
    public long? MaxCompletionTokens { get; init; }
    public long? MaxPromptTokens { get; init; }
    public required string TruncationStrategyJson { get; init; }
    public required string ResponseFormatJson { get; init; }
    public required string ToolChoiceJson { get; init; }
    public required bool ParallelToolCalls { get; init; }

    public string Status { get; set; } = RunStatus.Queued;
    public long? StartedAt { get; set; }
    public long? CancelledAt { get; set; }
    public long? FailedAt { get; set; }
    public long? CompletedAt { get; set; }
    public IReadOnlyList<PendingCall>? RequiredCalls { get; set; }
    public (string Code, string Message)? LastError { get; set; }
    public string? IncompleteReason { get; set; }
    public long PromptTokens { get; set; }
    public long CompletionTokens { get; set; }

    /// <summary>Set while the model is being consulted outside the lock, so a concurrent poll does not consult it
    /// twice for the same step.</summary>
    public bool Consulting { get; set; }

    /// <summary>The run's steps, oldest first: one <c>tool_calls</c> step per tool round and one
    /// <c>message_creation</c> step for the reply.</summary>
    public List<RunStepEntity> Steps { get; } = [];

    public bool ToolChoiceIsNone => ToolChoiceJson == "\"none\"";

    public bool ShowsExpiresAt => Status is not (RunStatus.Completed or RunStatus.Failed or RunStatus.Cancelled or RunStatus.Incomplete);

    public bool ShowsUsage => Status is RunStatus.Completed or RunStatus.Failed or RunStatus.Incomplete;
}

internal static class StepStatus
{
    public const string InProgress = "in_progress";
    public const string Completed = "completed";
    public const string Cancelled = "cancelled";
    public const string Expired = "expired";
}

internal sealed class RunStepEntity
{
    public required string Id { get; init; }
    public required long CreatedAt { get; init; }
    public required RunEntity Run { get; init; }

    /// <summary><c>tool_calls</c> or <c>message_creation</c>.</summary>
    public required string Type { get; init; }

    public string Status { get; set; } = StepStatus.InProgress;
    public long? CancelledAt { get; set; }
    public long? CompletedAt { get; set; }
    public IReadOnlyList<PendingCall> Calls { get; init; } = [];
    public Dictionary<string, string> Outputs { get; } = new(StringComparer.Ordinal);
    public string? MessageId { get; init; }
    public long PromptTokens { get; set; }
    public long CompletionTokens { get; set; }
}
