using System.ClientModel;
using System.Text.Json.Nodes;
using OpenAI.Responses;
using ToolGen.OpenAI.Tests.Replay;

namespace ToolGen.OpenAI.Tests.Loop;

/// <summary>Responses written by a test, served in order by a <see cref="ReplayServer"/>, in the shape of the
/// recorded ones (tests/fixtures/openai-recordings/responses).</summary>
internal static class ResponsesScript
{
    private const string Key = "POST /v1/responses";

    public static async Task<(ReplayServer Server, ResponsesClient Client)> StartAsync(params string[] responses)
    {
        var server = await ReplayServer.StartAsync(
            responses.Select(r => new ReplayServer.RecordedEntry(Key, null, 200, r)).ToArray(),
            repeatWhenExhausted: false);
        var client = new ResponsesClient(new ApiKeyCredential("test"), new ResponsesClientOptions { Endpoint = server.Endpoint });
        return (server, client);
    }

    /// <summary>A completed response whose output is one <c>function_call</c> item per (call_id, name, arguments).</summary>
    public static string Calls(string id, params (string CallId, string Name, string Arguments)[] calls)
        => Response(id, "completed", new JsonArray(calls.Select(FunctionCall).ToArray()));

    /// <summary>A completed response with a message and then function calls.</summary>
    public static string TextAndCalls(string id, string text, params (string CallId, string Name, string Arguments)[] calls)
        => Response(id, "completed", new JsonArray([Message(text), .. calls.Select(FunctionCall)]));

    public static string Reply(string id, string text) => Response(id, "completed", new JsonArray(Message(text)));

    public static string Failed(string id, string code, string message)
        => Response(id, "failed", [], error: new JsonObject { ["code"] = code, ["message"] = message });

    public static string Incomplete(string id, string reason, string text)
        => Response(id, "incomplete", new JsonArray(Message(text)), incomplete: new JsonObject { ["reason"] = reason });

    public static string WithStatus(string id, string status) => Response(id, status, []);

    public static JsonObject[] Sent(ReplayServer server)
        => server.BodiesOf("POST", "/v1/responses").Select(b => JsonNode.Parse(b)!.AsObject()).ToArray();

    /// <summary>The <c>function_call_output</c> items of a sent request, as (call_id, output).</summary>
    public static (string? CallId, string? Output)[] Outputs(JsonObject request)
        => request["input"]!.AsArray().Where(i => (string?)i!["type"] == "function_call_output")
            .Select(i => ((string?)i!["call_id"], (string?)i["output"])).ToArray();

    private static JsonNode FunctionCall((string CallId, string Name, string Arguments) call) => new JsonObject
    {
        ["id"] = "fc_" + call.CallId,
        ["type"] = "function_call",
        ["status"] = "completed",
        ["arguments"] = call.Arguments,
        ["call_id"] = call.CallId,
        ["name"] = call.Name,
    };

    private static JsonNode Message(string text) => new JsonObject
    {
        ["id"] = "msg_" + Guid.NewGuid().ToString("N"),
        ["type"] = "message",
        ["status"] = "completed",
        ["role"] = "assistant",
        ["content"] = new JsonArray(new JsonObject
        {
            ["type"] = "output_text",
            ["annotations"] = new JsonArray(),
            ["text"] = text,
        }),
    };

    private static string Response(string id, string status, JsonArray output, JsonObject? error = null, JsonObject? incomplete = null)
        => new JsonObject
        {
            ["id"] = id,
            ["object"] = "response",
            ["created_at"] = 1758064514,
            ["status"] = status,
            ["error"] = error,
            ["incomplete_details"] = incomplete,
            ["model"] = "gpt-4o-mini-2024-07-18",
            ["output"] = output,
            ["parallel_tool_calls"] = true,
            ["store"] = true,
            ["tool_choice"] = "auto",
            ["tools"] = new JsonArray(),
            ["usage"] = new JsonObject
            {
                ["input_tokens"] = 10,
                ["input_tokens_details"] = new JsonObject { ["cached_tokens"] = 0 },
                ["output_tokens"] = 5,
                ["output_tokens_details"] = new JsonObject { ["reasoning_tokens"] = 0 },
                ["total_tokens"] = 15,
            },
            ["metadata"] = new JsonObject(),
        }.ToJsonString();
}
