namespace ToolGen.Emulator.Responses;

/// <summary>An item of a Responses conversation: an input the client sent or an output the model made.</summary>
internal abstract record ResponseItem(string Id);

/// <summary>A message. <paramref name="PartType"/> is <c>input_text</c> or <c>output_text</c>, as it was given or
/// made.</summary>
internal sealed record MessageItem(string Id, string Role, string Text, string PartType, string Status) : ResponseItem(Id);

/// <summary>A <c>function_call</c> item (id <c>fc_…</c>, <c>call_id</c> <c>call_…</c>).</summary>
internal sealed record FunctionCallItem(string Id, string CallId, string Name, string Arguments) : ResponseItem(Id);

/// <summary>A <c>function_call_output</c> item answering the call with <paramref name="CallId"/>.</summary>
internal sealed record FunctionCallOutputItem(string Id, string CallId, string Output) : ResponseItem(Id);

/// <summary>A function tool as the request defined it (echoed in the response's <c>tools</c>).</summary>
internal sealed record FunctionTool(string Name, string? Description, string ParametersJson, bool Strict);

/// <summary>A response object: the request's settings echoed, its context and output, and how it ended.</summary>
internal sealed class ResponseEntity
{
    public required string Id { get; init; }
    public required long CreatedAt { get; init; }
    public required string Model { get; init; }
    public string? Instructions { get; init; }
    public required IReadOnlyList<FunctionTool> Tools { get; init; }
    public required string ToolChoiceJson { get; init; }
    public required bool ParallelToolCalls { get; init; }
    public string? PreviousResponseId { get; init; }
    public required bool Store { get; init; }
    public required double Temperature { get; init; }
    public required double TopP { get; init; }
    public long? MaxOutputTokens { get; init; }
    public long? MaxToolCalls { get; init; }
    public required string MetadataJson { get; init; }
    public string? User { get; init; }
    public string? SafetyIdentifier { get; init; }
    public string? PromptCacheKey { get; init; }
    public required string Truncation { get; init; }
    public required string ServiceTier { get; init; }

    /// <summary>Everything the model saw before this response's output, oldest first: the previous response's
    /// context and output (when <c>previous_response_id</c> was given), then this request's input.</summary>
    public required IReadOnlyList<ResponseItem> Context { get; init; }

    public List<ResponseItem> Output { get; } = [];

    /// <summary><c>in_progress</c> while the model is consulted, then <c>completed</c>, <c>incomplete</c> or
    /// <c>failed</c>.</summary>
    public string Status { get; set; } = "in_progress";

    public (string Code, string Message)? Error { get; set; }

    public string? IncompleteReason { get; set; }

    public (long Input, long Output)? Usage { get; set; }
}
