using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ToolGen.Benchmarks.Dispatch;

namespace ToolGen.Benchmarks.Loop;

/// <summary>
/// The emulator's own round-trip floor: the HTTP exchanges of one tool round, made with a bare <see cref="HttpClient"/>
/// and no runner. Request bodies are written by hand, ids are picked out of the response text with a regular
/// expression and responses are not otherwise parsed, so whatever a runner costs above this is the runner's (and the
/// OpenAI SDK's).
/// </summary>
internal sealed partial class EmulatorFloor(HttpClient http, string chatTools, string responseTools, string assistantId)
{
    /// <summary>A client for <paramref name="endpoint"/> (the emulator's <c>/v1</c> base address) sending the headers
    /// every API needs.</summary>
    public static HttpClient CreateClient(Uri endpoint)
    {
        var client = new HttpClient { BaseAddress = new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "test");
        client.DefaultRequestHeaders.Add("OpenAI-Beta", "assistants=v2");
        return client;
    }

    /// <summary>Chat Completions: a completion asking for the call, then one with the call's output.</summary>
    /// <returns>The second response's text.</returns>
    public async Task<string> ChatAsync(bool stream)
    {
        var user = """{"role":"user","content":"weather"}""";
        var first = await PostAsync("chat/completions", $$"""{"model":"gpt-4o-mini","stream":{{Bool(stream)}},"messages":[{{user}}],"tools":{{chatTools}}}""");
        var callId = CallId().Match(first).Value;
        var assistant = $$$"""{"role":"assistant","tool_calls":[{"id":"{{{callId}}}","type":"function","function":{"name":"get_weather","arguments":{{{Json(BenchTools.WeatherArguments)}}}}}]}""";
        var tool = $$"""{"role":"tool","tool_call_id":"{{callId}}","content":{{Json(Output())}}}""";
        return await PostAsync("chat/completions", $$"""{"model":"gpt-4o-mini","stream":{{Bool(stream)}},"messages":[{{user}},{{assistant}},{{tool}}],"tools":{{chatTools}}}""");
    }

    /// <summary>Responses: a response asking for the call, then one continuing it with the call's output.</summary>
    /// <returns>The second response's text.</returns>
    public async Task<string> ResponsesAsync(bool stream)
    {
        var first = await PostAsync("responses", $$"""{"model":"gpt-4o-mini","stream":{{Bool(stream)}},"input":[{"role":"user","content":"weather"}],"tools":{{responseTools}}}""");
        var responseId = ResponseId().Match(first).Value;
        var callId = CallId().Match(first).Value;
        return await PostAsync("responses", $$$"""{"model":"gpt-4o-mini","stream":{{{Bool(stream)}}},"previous_response_id":"{{{responseId}}}","input":[{"type":"function_call_output","call_id":"{{{callId}}}","output":{{{Json(Output())}}}}],"tools":{{{responseTools}}}}""");
    }

    /// <summary>Assistants: create a thread and run; poll (without waiting) until <c>requires_action</c>; submit the
    /// output; poll until <c>completed</c>; read the thread's messages. Streaming: the run's events up to
    /// <c>requires_action</c>, then the submission's events to the end.</summary>
    /// <returns>The messages, or the last stream's text.</returns>
    public async Task<string> AssistantsAsync(bool stream)
    {
        var created = await PostAsync("threads/runs", $$$"""{"assistant_id":"{{{assistantId}}}","stream":{{{Bool(stream)}}},"thread":{"messages":[{"role":"user","content":"weather"}]}}""");
        var threadId = ThreadId().Match(created).Value;
        var runId = RunId().Match(created).Value;
        var run = $"threads/{threadId}/runs/{runId}";
        var waiting = stream ? created : await PollAsync(run, "requires_action");
        var callId = CallId().Match(waiting).Value;
        var submitted = await PostAsync(run + "/submit_tool_outputs", $$"""{"stream":{{Bool(stream)}},"tool_outputs":[{"tool_call_id":"{{callId}}","output":{{Json(Output())}}}]}""");
        if (stream)
        {
            return submitted;
        }

        await PollAsync(run, "completed");
        return await http.GetStringAsync($"threads/{threadId}/messages?order=desc");
    }

    private async Task<string> PollAsync(string run, string status)
    {
        var wanted = $"\"status\":\"{status}\"";
        for (var polls = 0; polls < 100; polls++)
        {
            var text = await http.GetStringAsync(run);
            if (text.Contains(wanted, StringComparison.Ordinal))
            {
                return text;
            }
        }

        throw new InvalidOperationException($"The run did not reach {status}.");
    }

    private async Task<string> PostAsync(string path, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(path, content);
        var text = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode ? text : throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {text}");
    }

    private static string Output() => HandWrittenBinders.GetWeather(new ToolCall("call", "get_weather", BenchTools.WeatherArguments)).Output;

    private static string Bool(bool value) => value ? "true" : "false";

    private static string Json(string text) => JsonSerializer.Serialize(text, LoopJsonContext.Default.String);

    [GeneratedRegex("call_[A-Za-z0-9]{24}")]
    private static partial Regex CallId();

    [GeneratedRegex("resp_[0-9a-fA-F]{50}")]
    private static partial Regex ResponseId();

    [GeneratedRegex("thread_[A-Za-z0-9]{24}")]
    private static partial Regex ThreadId();

    [GeneratedRegex("run_[A-Za-z0-9]{24}")]
    private static partial Regex RunId();
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class LoopJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
