using System.Text.Json;
using ToolGen.Emulator.Http;

namespace ToolGen.Emulator.Assistants;

/// <summary>Building threads, messages, runs and tools from request bodies, refusing what the service refuses.</summary>
internal sealed partial class AssistantsState
{
    private ThreadEntity NewThread(RequestBody body)
    {
        body.AllowOnly("messages", "tool_resources", "metadata");
        var thread = new ThreadEntity
        {
            Id = Ids.New("thread_"),
            CreatedAt = Now,
            MetadataJson = body.ObjectJson("metadata", "{}"),
            ToolResourcesJson = body.ObjectJson("tool_resources", "{}"),
        };

        // Parse every message before registering the thread, so a refused request leaves nothing behind.
        foreach (var (message, _) in body.ObjectArray("messages"))
        {
            AddMessage(thread, message);
        }

        _threads.Add(thread.Id, thread);
        return thread;
    }

    private MessageEntity AddMessage(ThreadEntity thread, RequestBody body)
    {
        body.AllowOnly("role", "content", "attachments", "metadata");
        var role = body.RequiredString("role");
        if (role is not ("user" or "assistant"))
        {
            throw new ApiException(400, $"Invalid value: '{role}'. Supported values are: 'user' and 'assistant'.", body.Name("role"), "invalid_value");
        }

        var texts = ReadContent(body);
        var attachments = body.Get("attachments") switch
        {
            null => "[]",
            // Compact, not the raw text: a line break in it would end the data: line of a streamed event.
            { ValueKind: JsonValueKind.Array } value => RequestBody.Compact(value),
            { } value => throw ApiException.WrongType(body.Name("attachments"), "an array", RequestBody.Describe(value.ValueKind)),
        };
        var message = new MessageEntity
        {
            Id = Ids.New("msg_"),
            CreatedAt = Now,
            ThreadId = thread.Id,
            Role = role,
            Texts = texts,
            MetadataJson = body.ObjectJson("metadata", "{}"),
            AttachmentsJson = attachments,
        };
        thread.Messages.Add(message);
        var joined = string.Join("\n\n", texts);
        message.Item = role == "user" ? new UserMessageItem(joined) : new AssistantMessageItem(joined);
        thread.Conversation.Add(message.Item);
        return message;
    }

    private static List<string> ReadContent(RequestBody body)
    {
        var content = body.Get("content") ?? throw ApiException.Missing(body.Name("content"));
        if (content.ValueKind == JsonValueKind.String)
        {
            return [content.GetString()!];
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            throw ApiException.WrongType(body.Name("content"), "a string or an array", RequestBody.Describe(content.ValueKind));
        }

        var texts = new List<string>();
        foreach (var (part, _) in body.ObjectArray("content"))
        {
            var type = part.RequiredString("type");
            if (type != "text")
            {
                throw new ApiException(400,
                    $"The ToolGen emulator handles only text message content, not '{type}'.", part.Name("type"), "unsupported_value");
            }

            part.AllowOnly("type", "text");
            texts.Add(part.RequiredString("text"));
        }

        if (texts.Count == 0)
        {
            throw new ApiException(400, $"Invalid '{body.Name("content")}': empty array. Expected an array with minimum length 1, but got an empty array instead.", body.Name("content"), "empty_array");
        }

        return texts;
    }

    private RunEntity NewRun(string threadId, AssistantEntity assistant, RequestBody body, string? additionalInstructions)
    {
        var instructions = body.OptionalString("instructions") ?? assistant.Instructions;
        if (additionalInstructions is not null)
        {
            instructions = instructions is null ? additionalInstructions : instructions + "\n\n" + additionalInstructions;
        }

        var toolChoice = ReadToolChoice(body);
        var truncation = body.ObjectJson("truncation_strategy", """{"type":"auto","last_messages":null}""");
        var now = Now;
        return new RunEntity
        {
            Id = Ids.New("run_"),
            ThreadId = threadId,
            AssistantId = assistant.Id,
            CreatedAt = now,
            // Timestamps are whole seconds: rounding down would make a sub-second expiry expire the run at once.
            ExpiresAt = now + (long)Math.Ceiling(runExpiresAfter.TotalSeconds),
            Model = body.OptionalString("model") ?? assistant.Model,
            Instructions = instructions,
            Tools = ReadTools(body) ?? assistant.Tools,
            MetadataJson = body.ObjectJson("metadata", "{}"),
            ToolResourcesJson = "{}",
            Temperature = body.OptionalNumber("temperature") ?? assistant.Temperature,
            TopP = body.OptionalNumber("top_p") ?? assistant.TopP,
            ReasoningEffort = body.OptionalString("reasoning_effort") ?? assistant.ReasoningEffort,
            MaxCompletionTokens = body.OptionalInteger("max_completion_tokens"),
            MaxPromptTokens = body.OptionalInteger("max_prompt_tokens"),
            TruncationStrategyJson = truncation,
            ResponseFormatJson = body.StringOrObjectJson("response_format", assistant.ResponseFormatJson),
            ToolChoiceJson = toolChoice,
            ParallelToolCalls = body.OptionalBool("parallel_tool_calls") ?? true,
        };
    }

    /// <summary><c>tool_choice</c>: <c>none</c>, <c>auto</c>, <c>required</c>, or <c>{"type":"function","function":{"name"}}</c>
    /// / <c>{"type":"file_search"|"code_interpreter"}</c> (API reference, AssistantsApiToolChoiceOption), as compact JSON.</summary>
    private static string ReadToolChoice(RequestBody body)
    {
        var json = body.StringOrObjectJson("tool_choice", "\"auto\"");
        var choice = body.Get("tool_choice");
        if (choice is null)
        {
            return json;
        }

        if (choice.Value.ValueKind == JsonValueKind.String)
        {
            var mode = choice.Value.GetString();
            return mode is "none" or "auto" or "required"
                ? json
                : throw new ApiException(400, $"Invalid value: '{mode}'. Supported values are: 'none', 'auto', and 'required'.", "tool_choice", "invalid_value");
        }

        var named = new RequestBody(choice.Value, "tool_choice");
        named.AllowOnly("type", "function");
        var type = named.RequiredString("type");
        if (type is "file_search" or "code_interpreter")
        {
            return json;
        }

        if (type != "function")
        {
            throw new ApiException(400,
                $"Invalid value: '{type}'. Supported values are: 'function', 'code_interpreter', and 'file_search'.", "tool_choice.type", "invalid_value");
        }

        var function = named.Get("function") is { } functionJson
            ? new RequestBody(functionJson, "tool_choice.function")
            : throw ApiException.Missing("tool_choice.function");
        function.AllowOnly("name");
        function.RequiredString("name");
        return json;
    }

    private static List<ToolSpec>? ReadTools(RequestBody body)
    {
        if (body.Get("tools") is null)
        {
            return null;
        }

        FunctionRules.CheckCount(body, "tools");

        var tools = new List<ToolSpec>();
        foreach (var (tool, _) in body.ObjectArray("tools"))
        {
            var type = tool.RequiredString("type");
            if (type is "code_interpreter" or "file_search")
            {
                tools.Add(new ToolSpec(type, null, null, null, false, tool.CompactJson));
                continue;
            }

            if (type != "function")
            {
                throw new ApiException(400,
                    $"Invalid value: '{type}'. Supported values are: 'code_interpreter', 'function', and 'file_search'.",
                    tool.Name("type"), "invalid_value");
            }

            tool.AllowOnly("type", "function");
            var function = tool.Get("function") is { } functionJson
                ? new RequestBody(functionJson, tool.Name("function"))
                : throw ApiException.Missing(tool.Name("function"));
            function.AllowOnly("name", "description", "parameters", "strict");
            var name = FunctionRules.RequiredName(function);

            var parameters = function.Get("parameters") is { } schema
                ? schema.ValueKind == JsonValueKind.Object
                    ? RequestBody.Compact(schema)
                    : throw ApiException.WrongType(function.Name("parameters"), "an object", RequestBody.Describe(schema.ValueKind))
                : null;
            var strict = function.OptionalBool("strict") ?? false;
            if (strict)
            {
                StrictSchema.Check(name, parameters ?? ToolSpec.EmptyParameters);
            }

            tools.Add(new ToolSpec("function", name, function.OptionalString("description"), parameters, strict, ""));
        }

        return tools;
    }
}
