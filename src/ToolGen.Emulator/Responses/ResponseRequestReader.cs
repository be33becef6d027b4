using System.Text.Json;
using ToolGen.Emulator.Assistants;
using ToolGen.Emulator.Http;

namespace ToolGen.Emulator.Responses;

/// <summary>A <c>POST /v1/responses</c> body, read and checked as the real service checks it.</summary>
internal sealed record ResponseRequest(
    string Model,
    string? Instructions,
    IReadOnlyList<ResponseItem> Input,
    IReadOnlyList<FunctionTool> Tools,
    string ToolChoiceJson,
    string? PreviousResponseId,
    bool Store,
    bool Stream,
    bool ParallelToolCalls,
    double Temperature,
    double TopP,
    long? MaxOutputTokens,
    long? MaxToolCalls,
    string MetadataJson,
    string? User,
    string? SafetyIdentifier,
    string? PromptCacheKey,
    string Truncation,
    string ServiceTier);

/// <summary>Reads Responses requests: <c>input</c> as a string or as items (<c>message</c>, <c>function_call</c>,
/// <c>function_call_output</c>), function tools, <c>tool_choice</c>. Other item and tool types are refused as not
/// emulated.</summary>
internal static class ResponseRequestReader
{
    private static readonly string[] Fields =
    [
        "model", "input", "instructions", "tools", "tool_choice", "previous_response_id", "store", "stream",
        "stream_options", "parallel_tool_calls", "temperature", "top_p", "max_output_tokens", "max_tool_calls", "metadata",
        "user", "truncation", "text", "reasoning", "include", "background", "service_tier", "top_logprobs",
        "safety_identifier", "prompt_cache_key", "prompt_cache_retention",
    ];

    public static ResponseRequest Read(RequestBody body)
    {
        body.AllowOnly(Fields);
        var model = body.RequiredString("model");
        if (body.OptionalBool("background") == true)
        {
            throw new ApiException(400, "The ToolGen emulator does not run responses in the background.", "background", "unsupported_value");
        }

        var tools = ReadTools(body);
        var truncation = body.OptionalString("truncation") ?? "disabled";
        if (truncation is not ("disabled" or "auto"))
        {
            throw new ApiException(400, $"Invalid value: '{truncation}'. Supported values are: 'auto' and 'disabled'.", "truncation", "invalid_value");
        }

        return new ResponseRequest(
            model,
            body.OptionalString("instructions"),
            ReadInput(body),
            tools,
            ReadToolChoice(body, tools),
            body.OptionalString("previous_response_id"),
            body.OptionalBool("store") ?? true,
            body.OptionalBool("stream") == true,
            body.OptionalBool("parallel_tool_calls") ?? true,
            body.OptionalNumber("temperature") ?? 1.0,
            body.OptionalNumber("top_p") ?? 1.0,
            body.OptionalInteger("max_output_tokens", 1),
            body.OptionalInteger("max_tool_calls"),
            body.ObjectJson("metadata", "{}"),
            body.OptionalString("user"),
            body.OptionalString("safety_identifier"),
            body.OptionalString("prompt_cache_key"),
            truncation,
            body.OptionalString("service_tier") ?? "auto");
    }

    private static List<ResponseItem> ReadInput(RequestBody body)
    {
        var input = body.Get("input");
        if (input is null)
        {
            return [];
        }

        if (input.Value.ValueKind == JsonValueKind.String)
        {
            return [new MessageItem(Ids.Hex("msg_"), "user", input.Value.GetString()!, "input_text", "completed")];
        }

        if (input.Value.ValueKind != JsonValueKind.Array)
        {
            throw ApiException.WrongType("input", "one of a string or array of input items", RequestBody.Describe(input.Value.ValueKind));
        }

        var items = new List<ResponseItem>();
        foreach (var (item, _) in body.ObjectArray("input"))
        {
            // A message may leave out "type" (the service's "easy input message").
            var type = item.OptionalString("type") ?? (item.Get("role") is not null ? "message" : throw ApiException.Missing(item.Name("type")));
            switch (type)
            {
                case "message":
                {
                    item.AllowOnly("type", "id", "role", "content", "status");
                    var role = item.RequiredString("role");
                    if (role is not ("user" or "assistant" or "system" or "developer"))
                    {
                        throw new ApiException(400,
                            $"Invalid value: '{role}'. Supported values are: 'user', 'assistant', 'system', and 'developer'.", item.Name("role"), "invalid_value");
                    }

                    var (text, partType) = ReadContent(item, role);
                    items.Add(new MessageItem(item.OptionalString("id") ?? Ids.Hex("msg_"), role, text, partType, "completed"));
                    break;
                }

                case "function_call":
                    item.AllowOnly("type", "id", "call_id", "name", "arguments", "status");
                    items.Add(new FunctionCallItem(
                        item.OptionalString("id") ?? Ids.Hex("fc_"), item.RequiredString("call_id"), item.RequiredString("name"), item.RequiredString("arguments")));
                    break;
                case "function_call_output":
                    item.AllowOnly("type", "id", "call_id", "output", "status");
                    items.Add(new FunctionCallOutputItem(item.OptionalString("id") ?? Ids.Hex("fc_"), item.RequiredString("call_id"), ReadOutput(item)));
                    break;
                default:
                    throw new ApiException(400,
                        $"The ToolGen emulator handles only 'message', 'function_call' and 'function_call_output' input items, not '{type}'.",
                        item.Name("type"), "unsupported_value");
            }
        }

        return items;
    }

    private static (string Text, string PartType) ReadContent(RequestBody item, string role)
    {
        var content = item.Get("content") ?? throw ApiException.Missing(item.Name("content"));
        var defaultType = role == "assistant" ? "output_text" : "input_text";
        if (content.ValueKind == JsonValueKind.String)
        {
            return (content.GetString()!, defaultType);
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            throw ApiException.WrongType(item.Name("content"), "one of a string or array of input content", RequestBody.Describe(content.ValueKind));
        }

        var texts = new List<string>();
        var partType = defaultType;
        foreach (var (part, _) in item.ObjectArray("content"))
        {
            partType = part.RequiredString("type");
            if (partType is not ("input_text" or "output_text"))
            {
                throw new ApiException(400,
                    $"The ToolGen emulator handles only 'input_text' and 'output_text' content, not '{partType}'.", part.Name("type"), "unsupported_value");
            }

            part.AllowOnly("type", "text", "annotations", "logprobs");
            texts.Add(part.RequiredString("text"));
        }

        return (string.Join("\n\n", texts), partType);
    }

    private static string ReadOutput(RequestBody item)
    {
        var output = item.Get("output") ?? throw ApiException.Missing(item.Name("output"));
        if (output.ValueKind == JsonValueKind.String)
        {
            return output.GetString()!;
        }

        if (output.ValueKind != JsonValueKind.Array)
        {
            throw ApiException.WrongType(item.Name("output"), "one of a string or array of content", RequestBody.Describe(output.ValueKind));
        }

        var texts = new List<string>();
        foreach (var (part, _) in item.ObjectArray("output"))
        {
            var type = part.RequiredString("type");
            if (type != "input_text")
            {
                throw new ApiException(400,
                    $"The ToolGen emulator handles only 'input_text' tool output content, not '{type}'.", part.Name("type"), "unsupported_value");
            }

            part.AllowOnly("type", "text");
            texts.Add(part.RequiredString("text"));
        }

        return string.Join("\n\n", texts);
    }

    private static List<FunctionTool> ReadTools(RequestBody body)
    {
        FunctionRules.CheckCount(body, "tools");

        var tools = new List<FunctionTool>();
        foreach (var (tool, _) in body.ObjectArray("tools"))
        {
            var type = tool.RequiredString("type");
            if (type != "function")
            {
                throw new ApiException(400,
                    $"The ToolGen emulator handles only function tools, not '{type}'.", tool.Name("type"), "unsupported_value");
            }

            tool.AllowOnly("type", "name", "description", "parameters", "strict");
            var name = FunctionRules.RequiredName(tool);

            var parameters = tool.ObjectJson("parameters", ToolSpec.EmptyParameters);

            // Responses function tools are strict unless the request says otherwise (API reference, FunctionTool.strict).
            var strict = tool.OptionalBool("strict") ?? true;
            if (strict)
            {
                StrictSchema.Check(name, parameters);
            }

            tools.Add(new FunctionTool(name, tool.OptionalString("description"), parameters, strict));
        }

        return tools;
    }

    private static string ReadToolChoice(RequestBody body, List<FunctionTool> tools)
    {
        var choice = body.Get("tool_choice");
        if (choice is null)
        {
            return "\"auto\"";
        }

        if (choice.Value.ValueKind == JsonValueKind.String)
        {
            var mode = choice.Value.GetString();
            return mode is "none" or "auto" or "required"
                ? choice.Value.GetRawText()
                : throw new ApiException(400, $"Invalid value: '{mode}'. Supported values are: 'none', 'auto', and 'required'.", "tool_choice", "invalid_value");
        }

        if (choice.Value.ValueKind != JsonValueKind.Object)
        {
            throw ApiException.WrongType("tool_choice", "a string or an object", RequestBody.Describe(choice.Value.ValueKind));
        }

        var named = new RequestBody(choice.Value, "tool_choice");
        named.AllowOnly("type", "name");
        var type = named.RequiredString("type");
        if (type != "function")
        {
            throw new ApiException(400, $"The ToolGen emulator handles only 'function' tool choices, not '{type}'.", "tool_choice.type", "unsupported_value");
        }

        var name = named.RequiredString("name");
        if (!tools.Exists(t => t.Name == name))
        {
            throw new ApiException(400, $"Tool choice '{name}' not found in 'tools' parameter.", "tool_choice");
        }

        return System.Text.Encoding.UTF8.GetString(JsonText.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("type", "function");
            w.WriteString("name", name);
            w.WriteEndObject();
        }));
    }
}
