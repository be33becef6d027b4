using System.ClientModel;
using System.Text.Json.Nodes;
using OpenAI;
using OpenAI.Chat;
using ToolGen.OpenAI.Tests.Replay;

namespace ToolGen.OpenAI.Tests.Loop;

/// <summary>Chat completions written by a test, served in order by a <see cref="ReplayServer"/>, in the shape of the
/// recorded ones (tests/fixtures/openai-recordings/chat).</summary>
internal static class ChatScript
{
    private const string Key = "POST /v1/chat/completions";

    /// <summary>Serves the completions in order; one that starts with <c>data:</c> (see <see cref="Stream"/>) is served
    /// as a server-sent-event stream.</summary>
    public static async Task<(ReplayServer Server, ChatClient Client)> StartAsync(params string[] completions)
    {
        var server = await ReplayServer.StartAsync(
            completions.Select(c => new ReplayServer.RecordedEntry(Key, null, 200, c, c.StartsWith("data:", StringComparison.Ordinal))).ToArray(),
            repeatWhenExhausted: false);
        var client = new ChatClient("gpt-4o-mini", new ApiKeyCredential("test"), new OpenAIClientOptions { Endpoint = server.Endpoint });
        return (server, client);
    }

    /// <summary>A completion asking for tool calls, each (id, name, arguments).</summary>
    public static string Calls(params (string Id, string Name, string Arguments)[] calls)
        => Calls("tool_calls", calls);

    public static string Calls(string finishReason, params (string Id, string Name, string Arguments)[] calls)
        => Completion(finishReason, null, new JsonArray(calls.Select(c => (JsonNode)new JsonObject
        {
            ["id"] = c.Id,
            ["type"] = "function",
            ["function"] = new JsonObject { ["name"] = c.Name, ["arguments"] = c.Arguments },
        }).ToArray()));

    public static string Reply(string text, string finishReason = "stop") => Completion(finishReason, text, null);

    /// <summary>A streamed completion: each chunk's <c>choices[0]</c> (<c>delta</c>, <c>finish_reason</c>) as JSON
    /// text, or a chunk without choices when it starts with <c>{"usage"</c>; then <c>data: [DONE]</c>.</summary>
    public static string Stream(params string[] choices)
    {
        var chunks = choices.Select(choice =>
        {
            var node = JsonNode.Parse(choice)!.AsObject();
            var chunk = new JsonObject
            {
                ["id"] = "chatcmpl-stream",
                ["object"] = "chat.completion.chunk",
                ["created"] = 1758038963,
                ["model"] = "gpt-4o-mini-2024-07-18",
            };
            if (node.ContainsKey("usage"))
            {
                chunk["choices"] = new JsonArray();
                chunk["usage"] = node["usage"]!.DeepClone();
            }
            else
            {
                node["index"] = 0;
                chunk["choices"] = new JsonArray(node);
            }

            return "data: " + chunk.ToJsonString() + "\n\n";
        });
        return string.Concat(chunks) + "data: [DONE]\n\n";
    }

    public static JsonObject[] Sent(ReplayServer server)
        => server.BodiesOf("POST", "/v1/chat/completions").Select(b => JsonNode.Parse(b)!.AsObject()).ToArray();

    /// <summary>The role: tool messages of a sent request, as (tool_call_id, content).</summary>
    public static (string? Id, string? Content)[] ToolMessages(JsonObject request)
        => request["messages"]!.AsArray().Where(m => (string?)m!["role"] == "tool")
            .Select(m => ((string?)m!["tool_call_id"], (string?)m["content"])).ToArray();

    public static string Completion(string finishReason, string? content, JsonArray? toolCalls)
    {
        var message = new JsonObject { ["role"] = "assistant", ["content"] = content, ["refusal"] = null };
        if (toolCalls is not null)
        {
            message["tool_calls"] = toolCalls;
        }

        return new JsonObject
        {
            ["id"] = "chatcmpl-" + Guid.NewGuid().ToString("N"),
            ["object"] = "chat.completion",
            ["created"] = 1758038963,
            ["model"] = "gpt-4o-mini-2024-07-18",
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = message,
                ["logprobs"] = null,
                ["finish_reason"] = finishReason,
            }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 10, ["completion_tokens"] = 5, ["total_tokens"] = 15 },
        }.ToJsonString();
    }
}
