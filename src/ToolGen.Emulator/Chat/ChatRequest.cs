using System.Text.Json;
using ToolGen.Emulator.Assistants;
using ToolGen.Emulator.Http;

namespace ToolGen.Emulator.Chat;

/// <summary>A <c>POST /v1/chat/completions</c> body, read and checked as the real service checks it.</summary>
/// <param name="Model">The requested model, echoed in the answer.</param>
/// <param name="Request">What the emulated model is shown.</param>
/// <param name="Legacy">The request used the deprecated <c>functions</c> instead of <c>tools</c>: the answer then
/// carries <c>message.function_call</c> and <c>finish_reason: "function_call"</c>, one call at most.</param>
/// <param name="ParallelToolCalls">Several calls of one turn are all passed on (else only the first).</param>
/// <param name="Stream">Answer with <c>chat.completion.chunk</c> server-sent events.</param>
/// <param name="IncludeUsage"><c>stream_options.include_usage</c>: a last chunk with <c>usage</c> and no choices.</param>
/// <param name="MaxCompletionTokens"><c>max_completion_tokens</c> (or the older <c>max_tokens</c>).</param>
internal sealed record ChatRequest(
    string Model, ModelRequest Request, bool Legacy, bool ParallelToolCalls, bool Stream, bool IncludeUsage, long? MaxCompletionTokens);

/// <summary>Reads chat requests. Error texts and <c>param</c> paths follow the service's
/// (<c>messages.[3].role</c>).</summary>
internal static class ChatRequestReader
{
    private static readonly string[] Fields =
    [
        "messages", "model", "tools", "tool_choice", "parallel_tool_calls", "functions", "function_call", "stream",
        "stream_options", "temperature", "top_p", "max_tokens", "max_completion_tokens", "n", "user", "metadata", "store",
        "seed", "response_format", "frequency_penalty", "presence_penalty", "logprobs", "top_logprobs", "stop",
        "service_tier", "reasoning_effort", "logit_bias", "safety_identifier", "prompt_cache_key", "verbosity",
        "modalities", "prediction", "web_search_options",
    ];

    public static ChatRequest Read(RequestBody body)
    {
        body.AllowOnly(Fields);
        var model = body.OptionalString("model") ?? throw new ApiException(400, "you must provide a model parameter");
        if (body.OptionalInteger("n") is { } n && n != 1)
        {
            throw new ApiException(400, $"The ToolGen emulator answers only n=1, not n={n}.", "n", "unsupported_value");
        }

        var legacy = body.Get("functions") is not null;
        if (legacy && body.Get("tools") is not null)
        {
            throw new ApiException(400, "Invalid request: 'functions' and 'tools' cannot both be given; use 'tools'.", "functions");
        }

        var tools = legacy ? ReadFunctions(body) : ReadTools(body);
        if (body.Get("parallel_tool_calls") is not null && tools.Count == 0)
        {
            throw new ApiException(400,
                "Invalid value for 'parallel_tool_calls': 'parallel_tool_calls' is only allowed when 'tools' are specified.", "parallel_tool_calls");
        }

        var offered = ApplyToolChoice(body, tools, legacy);
        var toolCallRequired = body.Get(legacy ? "function_call" : "tool_choice") is { } choice
            && (choice.ValueKind == JsonValueKind.Object || choice.ValueEquals("required"));
        var (instructions, conversation) = ReadMessages(body);
        var streamOptions = body.Get("stream_options");
        var stream = body.OptionalBool("stream") == true;
        if (streamOptions is not null && !stream)
        {
            throw new ApiException(400, "The 'stream_options' parameter is only allowed when 'stream' is enabled.", "stream_options", "invalid_value");
        }

        var includeUsage = streamOptions is { ValueKind: JsonValueKind.Object } options
            && options.TryGetProperty("include_usage", out var include) && include.ValueKind == JsonValueKind.True;
        return new ChatRequest(
            model,
            new ModelRequest(instructions, offered, conversation) { ToolCallRequired = toolCallRequired },
            legacy,
            body.OptionalBool("parallel_tool_calls") ?? true,
            stream,
            includeUsage,
            body.OptionalInteger("max_completion_tokens", 1) ?? body.OptionalInteger("max_tokens", 1));
    }

    private static (string? Instructions, List<ConversationItem> Conversation) ReadMessages(RequestBody body)
    {
        if (body.Get("messages") is null)
        {
            throw ApiException.Missing("messages");
        }

        if (body.ArrayLength("messages") == 0)
        {
            throw new ApiException(400,
                "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
                "messages", "empty_array");
        }

        var instructions = new List<string>();
        var conversation = new List<ConversationItem>();

        // The calls of the latest assistant message that still wait for their tool messages, and where it was.
        Dictionary<string, (string Name, string Arguments)>? pending = null;
        var pendingAt = -1;
        var legacyPending = false;

        foreach (var (message, index) in body.ObjectArray("messages"))
        {
            var param = $"messages.[{index}]";
            var role = message.RequiredString("role");
            if (role is not ("tool" or "function") && pending is { Count: > 0 })
            {
                throw Unanswered(pending.Keys, pendingAt);
            }

            if (role is not ("tool" or "function"))
            {
                pending = null;
            }

            switch (role)
            {
                case "system" or "developer":
                    message.AllowOnly("role", "content", "name");
                    instructions.Add(Text(message, param, required: true)!);
                    break;
                case "user":
                    message.AllowOnly("role", "content", "name");
                    conversation.Add(new UserMessageItem(Text(message, param, required: true)!));
                    break;
                case "assistant":
                {
                    message.AllowOnly("role", "content", "name", "tool_calls", "function_call", "refusal", "audio");
                    var text = Text(message, param, required: false);
                    if (!string.IsNullOrEmpty(text))
                    {
                        conversation.Add(new AssistantMessageItem(text));
                    }

                    var calls = ReadAssistantCalls(message, param, out legacyPending);
                    pending = calls.Count > 0 ? calls : null;
                    pendingAt = index;
                    if (text is null && calls.Count == 0)
                    {
                        throw new ApiException(400,
                            $"Invalid value for '{param}.content': expected a string, got null.", $"{param}.content");
                    }

                    break;
                }

                case "tool":
                {
                    message.AllowOnly("role", "content", "tool_call_id");
                    if (pending is null || legacyPending)
                    {
                        throw new ApiException(400,
                            "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
                            $"{param}.role");
                    }

                    var callId = message.RequiredString("tool_call_id");
                    if (!pending.Remove(callId, out var call))
                    {
                        throw new ApiException(400,
                            $"Invalid parameter: 'tool_call_id' of '{callId}' not found in 'tool_calls' of previous message.",
                            $"{param}.tool_call_id");
                    }

                    conversation.Add(new ToolCallItem(callId, call.Name, call.Arguments, Text(message, param, required: true)!));
                    break;
                }

                case "function":
                {
                    message.AllowOnly("role", "content", "name");
                    var name = message.RequiredString("name");
                    if (pending is null || !legacyPending || !pending.Remove(name, out var call))
                    {
                        throw new ApiException(400,
                            "Invalid parameter: messages with role 'function' must be a response to a preceding message with 'function_call'.",
                            $"{param}.role");
                    }

                    // Legacy function calls have no id; the function name stands in for it.
                    conversation.Add(new ToolCallItem(name, name, call.Arguments, Text(message, param, required: true)!));
                    break;
                }

                default:
                    throw new ApiException(400,
                        $"Invalid value: '{role}'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.",
                        $"{param}.role", "invalid_value");
            }
        }

        if (pending is { Count: > 0 })
        {
            throw Unanswered(pending.Keys, pendingAt);
        }

        return (instructions.Count == 0 ? null : string.Join("\n\n", instructions), conversation);
    }

    private static ApiException Unanswered(IEnumerable<string> callIds, int assistantIndex) =>
        new(400,
            "An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: "
            + string.Join(", ", callIds),
            $"messages.[{assistantIndex}].role");

    private static Dictionary<string, (string Name, string Arguments)> ReadAssistantCalls(RequestBody message, string param, out bool legacy)
    {
        var calls = new Dictionary<string, (string Name, string Arguments)>(StringComparer.Ordinal);
        legacy = false;
        if (message.Get("function_call") is { } functionCall)
        {
            var call = new RequestBody(functionCall, $"{param}.function_call");
            call.AllowOnly("name", "arguments");
            var name = call.RequiredString("name");
            calls[name] = (name, call.RequiredString("arguments"));
            legacy = true;
            return calls;
        }

        foreach (var (toolCall, _) in message.ObjectArray("tool_calls"))
        {
            toolCall.AllowOnly("id", "type", "function");
            var type = toolCall.RequiredString("type");
            if (type != "function")
            {
                throw new ApiException(400, $"Invalid value: '{type}'. Supported values are: 'function' and 'custom'.", toolCall.Name("type"), "invalid_value");
            }

            var function = toolCall.Get("function") is { } json
                ? new RequestBody(json, toolCall.Name("function"))
                : throw ApiException.Missing(toolCall.Name("function"));
            function.AllowOnly("name", "arguments");
            var id = toolCall.RequiredString("id");
            if (!calls.TryAdd(id, (function.RequiredString("name"), function.RequiredString("arguments"))))
            {
                throw new ApiException(400, $"Duplicate tool call id '{id}'.", toolCall.Name("id"));
            }
        }

        return calls;
    }

    /// <summary>A message's <c>content</c>: a string, or an array of <c>{"type":"text","text":…}</c> parts joined
    /// with a blank line.</summary>
    private static string? Text(RequestBody message, string param, bool required)
    {
        var content = message.Get("content");
        if (content is null)
        {
            return required ? throw ApiException.Missing($"{param}.content") : null;
        }

        if (content.Value.ValueKind == JsonValueKind.String)
        {
            return content.Value.GetString();
        }

        if (content.Value.ValueKind != JsonValueKind.Array)
        {
            throw ApiException.WrongType($"{param}.content", "one of a string or array of objects", RequestBody.Describe(content.Value.ValueKind));
        }

        var texts = new List<string>();
        foreach (var (part, _) in message.ObjectArray("content"))
        {
            var type = part.RequiredString("type");
            if (type != "text")
            {
                throw new ApiException(400,
                    $"The ToolGen emulator handles only text content parts, not '{type}'.", part.Name("type"), "unsupported_value");
            }

            part.AllowOnly("type", "text");
            texts.Add(part.RequiredString("text"));
        }

        return string.Join("\n\n", texts);
    }

    private static List<EmulatedTool> ReadTools(RequestBody body)
    {
        FunctionRules.CheckCount(body, "tools");
        var tools = new List<EmulatedTool>();
        foreach (var (tool, _) in body.ObjectArray("tools"))
        {
            var type = tool.RequiredString("type");
            if (type != "function")
            {
                throw new ApiException(400, $"Invalid value: '{type}'. Supported values are: 'function' and 'custom'.", tool.Name("type"), "invalid_value");
            }

            tool.AllowOnly("type", "function");
            var function = tool.Get("function") is { } json
                ? new RequestBody(json, tool.Name("function"))
                : throw ApiException.Missing(tool.Name("function"));
            tools.Add(ReadFunction(function, strictAllowed: true));
        }

        return tools;
    }

    private static List<EmulatedTool> ReadFunctions(RequestBody body)
    {
        FunctionRules.CheckCount(body, "functions");
        return body.ObjectArray("functions").Select(f => ReadFunction(f.Item, strictAllowed: false)).ToList();
    }

    private static EmulatedTool ReadFunction(RequestBody function, bool strictAllowed)
    {
        if (strictAllowed)
        {
            function.AllowOnly("name", "description", "parameters", "strict");
        }
        else
        {
            function.AllowOnly("name", "description", "parameters");
        }

        var name = FunctionRules.RequiredName(function);

        var parameters = function.ObjectJson("parameters", ToolSpec.EmptyParameters);
        if (strictAllowed && function.OptionalBool("strict") == true)
        {
            StrictSchema.Check(name, parameters);
        }

        return new EmulatedTool(name, function.OptionalString("description"), parameters);
    }

    /// <summary>Applies <c>tool_choice</c> (or the legacy <c>function_call</c>) to the tools the model is shown:
    /// <c>none</c> shows none, a named function shows only that one; <c>auto</c> and <c>required</c> show all.</summary>
    private static List<EmulatedTool> ApplyToolChoice(RequestBody body, List<EmulatedTool> tools, bool legacy)
    {
        var field = legacy ? "function_call" : "tool_choice";
        var choice = body.Get(field);
        if (choice is null)
        {
            return tools;
        }

        if (tools.Count == 0)
        {
            throw new ApiException(400,
                $"Invalid value for '{field}': '{field}' is only allowed when '{(legacy ? "functions" : "tools")}' are specified.", field);
        }

        if (choice.Value.ValueKind == JsonValueKind.String)
        {
            return choice.Value.GetString() switch
            {
                "none" => [],
                "auto" => tools,
                "required" when !legacy => tools,
                var other => throw new ApiException(400,
                    legacy
                        ? $"Invalid value: '{other}'. Supported values are: 'none' and 'auto'."
                        : $"Invalid value: '{other}'. Supported values are: 'none', 'auto', and 'required'.",
                    field, "invalid_value"),
            };
        }

        if (choice.Value.ValueKind != JsonValueKind.Object)
        {
            throw ApiException.WrongType(field, "a string or an object", RequestBody.Describe(choice.Value.ValueKind));
        }

        var named = new RequestBody(choice.Value, field);
        string name;
        if (legacy)
        {
            named.AllowOnly("name");
            name = named.RequiredString("name");
        }
        else
        {
            named.AllowOnly("type", "function");
            var type = named.RequiredString("type");
            if (type != "function")
            {
                throw new ApiException(400, $"Invalid value: '{type}'. Supported values are: 'function'.", named.Name("type"), "invalid_value");
            }

            var function = named.Get("function") is { } json
                ? new RequestBody(json, named.Name("function"))
                : throw ApiException.Missing(named.Name("function"));
            function.AllowOnly("name");
            name = function.RequiredString("name");
        }

        var tool = tools.Find(t => t.Name == name)
            ?? throw new ApiException(400,
                $"Invalid value for '{field}': no function named '{name}' was specified in the '{(legacy ? "functions" : "tools")}' parameter.",
                field, "invalid_value");
        return [tool];
    }
}
