using System.ClientModel;
using System.Net;
using System.Text;
using System.Text.Json;
using OpenAI.Assistants;

namespace ToolGen.Emulator.Tests;

public sealed class ErrorResponseTests : IAsyncLifetime
{
    private OpenAIEmulator _emulator = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions
        {
            Model = new ScriptedModel(ModelTurn.CallTools(new EmulatedToolCall("f", "{}"), new EmulatedToolCall("f", "{}"))),
        });
        _http = Emulated.Http(_emulator);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _emulator.DisposeAsync();
    }

    /// <summary>Sends a request and checks OpenAI's error body: exactly error{message,type,param,code}, with
    /// message and type strings and param and code strings or null.</summary>
    private async Task<JsonElement> ErrorAsync(HttpMethod method, string path, string? json, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request);
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = document.RootElement.GetProperty("error");
        Assert.Equal(["message", "type", "param", "code"], error.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.String, error.GetProperty("message").ValueKind);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Contains(error.GetProperty("param").ValueKind, new[] { JsonValueKind.String, JsonValueKind.Null });
        Assert.Contains(error.GetProperty("code").ValueKind, new[] { JsonValueKind.String, JsonValueKind.Null });
        return error.Clone();
    }

    private async Task<JsonElement> PostAsync(string path, string json)
    {
        using var response = await _http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<JsonElement> GetAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>A run in requires_action with two calls to <c>f</c>.</summary>
    private async Task<(string ThreadId, string RunId, string[] CallIds)> RunAwaitingOutputsAsync()
    {
        var assistant = await PostAsync("assistants", """{"model":"gpt-4o","tools":[{"type":"function","function":{"name":"f"}}]}""");
        var run = await PostAsync("threads/runs", $$$"""{"assistant_id":"{{{assistant.GetProperty("id").GetString()}}}","thread":{"messages":[{"role":"user","content":"go"}]}}""");
        var threadId = run.GetProperty("thread_id").GetString()!;
        var runId = run.GetProperty("id").GetString()!;
        await GetAsync($"threads/{threadId}/runs/{runId}");
        run = await GetAsync($"threads/{threadId}/runs/{runId}");
        Assert.Equal("requires_action", run.GetProperty("status").GetString());
        var calls = run.GetProperty("required_action").GetProperty("submit_tool_outputs").GetProperty("tool_calls")
            .EnumerateArray().Select(c => c.GetProperty("id").GetString()!).ToArray();
        return (threadId, runId, calls);
    }

    [Theory]
    [InlineData("assistants/asst_000000000000000000000000", "No assistant found with id 'asst_000000000000000000000000'.")]
    [InlineData("threads/thread_000000000000000000000000", "No thread found with id 'thread_000000000000000000000000'.")]
    [InlineData("threads/thread_000000000000000000000000/messages", "No thread found with id 'thread_000000000000000000000000'.")]
    public async Task Unknown_ids_are_404_with_OpenAI_error_shape(string path, string message)
    {
        var error = await ErrorAsync(HttpMethod.Get, path, null, HttpStatusCode.NotFound);
        Assert.Equal(message, error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task An_unknown_run_is_404_through_the_SDK()
    {
        var (threadId, _, _) = await RunAwaitingOutputsAsync();
        var client = Emulated.Client(_emulator);

        var error = await Assert.ThrowsAsync<ClientResultException>(() => client.GetRunAsync(threadId, "run_000000000000000000000000"));

        Assert.Equal(404, error.Status);
        Assert.Contains("No run found with id 'run_000000000000000000000000'.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_path_is_404_invalid_url()
    {
        var error = await ErrorAsync(HttpMethod.Get, "nothing/here", null, HttpStatusCode.NotFound);
        Assert.Equal("Invalid URL (GET /v1/nothing/here)", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Submitting_outputs_to_a_run_not_in_requires_action_is_400()
    {
        var assistant = await PostAsync("assistants", """{"model":"gpt-4o"}""");
        var run = await PostAsync("threads/runs", $$"""{"assistant_id":"{{assistant.GetProperty("id").GetString()}}"}""");

        var error = await ErrorAsync(HttpMethod.Post,
            $"threads/{run.GetProperty("thread_id").GetString()}/runs/{run.GetProperty("id").GetString()}/submit_tool_outputs",
            """{"tool_outputs":[{"tool_call_id":"call_x","output":"x"}]}""", HttpStatusCode.BadRequest);

        Assert.Equal("Runs in status \"queued\" do not accept tool outputs.", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Submitting_outputs_with_a_missing_call_id_is_400_naming_the_expected_ids_and_keeps_the_run_waiting()
    {
        var (threadId, runId, calls) = await RunAwaitingOutputsAsync();

        var error = await ErrorAsync(HttpMethod.Post, $"threads/{threadId}/runs/{runId}/submit_tool_outputs",
            $$"""{"tool_outputs":[{"tool_call_id":"{{calls[0]}}","output":"x"}]}""", HttpStatusCode.BadRequest);

        Assert.Equal($"Expected tool outputs for call_ids ['{calls[0]}', '{calls[1]}'], got ['{calls[0]}']", error.GetProperty("message").GetString());
        Assert.Equal("requires_action", (await GetAsync($"threads/{threadId}/runs/{runId}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Submitting_outputs_with_an_extra_call_id_is_400()
    {
        var (threadId, runId, calls) = await RunAwaitingOutputsAsync();

        var error = await ErrorAsync(HttpMethod.Post, $"threads/{threadId}/runs/{runId}/submit_tool_outputs",
            $$"""{"tool_outputs":[{"tool_call_id":"{{calls[0]}}","output":"x"},{"tool_call_id":"{{calls[1]}}","output":"y"},{"tool_call_id":"call_zzzzzzzzzzzzzzzzzzzzzzzz","output":"z"}]}""",
            HttpStatusCode.BadRequest);

        Assert.Contains("call_zzzzzzzzzzzzzzzzzzzzzzzz", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submitting_the_same_call_id_twice_is_400()
    {
        var (threadId, runId, calls) = await RunAwaitingOutputsAsync();

        var error = await ErrorAsync(HttpMethod.Post, $"threads/{threadId}/runs/{runId}/submit_tool_outputs",
            $$"""{"tool_outputs":[{"tool_call_id":"{{calls[0]}}","output":"x"},{"tool_call_id":"{{calls[0]}}","output":"y"}]}""",
            HttpStatusCode.BadRequest);

        Assert.Contains("Duplicate", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_required_parameter_is_400_naming_it()
    {
        var error = await ErrorAsync(HttpMethod.Post, "assistants", """{"name":"x"}""", HttpStatusCode.BadRequest);

        Assert.Equal("Missing required parameter: 'model'.", error.GetProperty("message").GetString());
        Assert.Equal("model", error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task An_unknown_parameter_is_400()
    {
        var error = await ErrorAsync(HttpMethod.Post, "assistants", """{"model":"gpt-4o","colour":"red"}""", HttpStatusCode.BadRequest);

        Assert.Equal("Unrecognized request argument supplied: colour", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_is_400()
    {
        var error = await ErrorAsync(HttpMethod.Post, "assistants", "{model:", HttpStatusCode.BadRequest);

        Assert.StartsWith("We could not parse the JSON body of your request.", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tool_name_outside_the_allowed_pattern_is_400()
    {
        var error = await ErrorAsync(HttpMethod.Post, "assistants",
            """{"model":"gpt-4o","tools":[{"type":"function","function":{"name":"fetch url"}}]}""", HttpStatusCode.BadRequest);

        Assert.Equal("tools[0].function.name", error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task A_strict_schema_without_additionalProperties_false_is_400_like_the_service()
    {
        var error = await ErrorAsync(HttpMethod.Post, "assistants",
            """{"model":"gpt-4o","tools":[{"type":"function","function":{"name":"f","strict":true,"parameters":{"type":"object","properties":{"a":{"type":"string"}},"required":["a"]}}}]}""",
            HttpStatusCode.BadRequest);

        Assert.Equal(
            "Invalid schema for function 'f': In context=(), 'additionalProperties' is required to be supplied and to be false.",
            error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_strict_schema_with_a_property_missing_from_required_is_400_naming_it()
    {
        var error = await ErrorAsync(HttpMethod.Post, "assistants",
            """{"model":"gpt-4o","tools":[{"type":"function","function":{"name":"f","strict":true,"parameters":{"type":"object","properties":{"a":{"type":"object","properties":{"b":{"type":"string"}},"required":[],"additionalProperties":false}},"required":["a"],"additionalProperties":false}}}]}""",
            HttpStatusCode.BadRequest);

        Assert.Contains("In context=('properties', 'a'),", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("Missing 'b'.", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_without_the_assistants_beta_header_is_400()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_emulator.Endpoint + "/assistants"));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "test");
        using var plain = new HttpClient();

        using var response = await plain.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("OpenAI-Beta: assistants=v2", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_without_an_API_key_is_401()
    {
        using var plain = new HttpClient();

        using var response = await plain.GetAsync(new Uri(_emulator.Endpoint + "/assistants"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_number_beyond_the_range_of_a_double_is_400_not_a_server_error()
    {
        var error = await ErrorAsync(HttpMethod.Post, "assistants", """{"model":"gpt-4o","temperature":1e400}""", HttpStatusCode.BadRequest);

        Assert.Equal("temperature", error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_413_with_OpenAIs_error_body()
    {
        // Kestrel's default limit is 30,000,000 bytes; a valid JSON string just over it.
        var json = "{\"model\":\"" + new string('a', 30_000_100) + "\"}";

        using var request = new HttpRequestMessage(HttpMethod.Post, "assistants")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };

        // With 100-continue the client waits for the server's verdict before sending the body, so it reads the 413
        // instead of a broken pipe from a server that stopped reading.
        request.Headers.ExpectContinue = true;
        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("too large", document.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("chat/completions", """{"model":"m","messages":[{"role":"user","content":"hi"}],"max_completion_tokens":-1}""", "max_completion_tokens")]
    [InlineData("chat/completions", """{"model":"m","messages":[{"role":"user","content":"hi"}],"max_tokens":0}""", "max_tokens")]
    [InlineData("responses", """{"model":"m","input":"hi","max_output_tokens":-5}""", "max_output_tokens")]
    public async Task A_token_limit_below_one_is_400_not_a_server_error(string path, string json, string param)
    {
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions
        {
            Model = new ScriptedModel(ModelTurn.Reply("A reply long enough to go over any limit.")),
        });
        using var http = Emulated.Http(emulator);
        using var response = await http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var document = JsonDocument.Parse(text);
        Assert.Equal(param, document.RootElement.GetProperty("error").GetProperty("param").GetString());
        Assert.Equal("integer_below_min_value", document.RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_run_refused_for_a_bad_additional_message_adds_none_of_the_messages_before_it()
    {
        var assistant = await PostAsync("assistants", """{"model":"gpt-4o"}""");
        var thread = await PostAsync("threads", """{"messages":[{"role":"user","content":"hello"}]}""");
        var threadId = thread.GetProperty("id").GetString();

        var error = await ErrorAsync(HttpMethod.Post, $"threads/{threadId}/runs",
            $$$"""{"assistant_id":"{{{assistant.GetProperty("id").GetString()}}}","additional_messages":[{"role":"user","content":"first"},{"role":"system","content":"second"}]}""",
            HttpStatusCode.BadRequest);

        Assert.Equal("additional_messages[1].role", error.GetProperty("param").GetString());
        var messages = await GetAsync($"threads/{threadId}/messages");
        var texts = messages.GetProperty("data").EnumerateArray()
            .Select(m => m.GetProperty("content")[0].GetProperty("text").GetProperty("value").GetString());
        Assert.Equal(["hello"], texts);
    }

    [Fact]
    public async Task A_strict_schema_whose_type_list_holds_a_non_string_is_400_not_a_server_error()
    {
        var error = await ErrorAsync(HttpMethod.Post, "assistants",
            """{"model":"gpt-4o","tools":[{"type":"function","function":{"name":"f","strict":true,"parameters":{"type":[1]}}}]}""",
            HttpStatusCode.BadRequest);

        Assert.Equal("invalid_function_parameters", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Two_runs_started_at_once_on_one_thread_give_one_run_and_one_400()
    {
        var assistant = await PostAsync("assistants", """{"model":"gpt-4o"}""");
        var thread = await PostAsync("threads", """{"messages":[{"role":"user","content":"hello"}]}""");
        var path = $"threads/{thread.GetProperty("id").GetString()}/runs";
        var body = $$"""{"assistant_id":"{{assistant.GetProperty("id").GetString()}}"}""";

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            _http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"))));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(7, responses.Count(r => r.StatusCode == HttpStatusCode.BadRequest));
        Assert.Single((await GetAsync(path)).GetProperty("data").EnumerateArray());
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task A_cancel_racing_a_submission_leaves_the_run_either_cancelled_or_answered_never_both()
    {
        var (threadId, runId, calls) = await RunAwaitingOutputsAsync();
        var outputs = string.Join(",", calls.Select(id => $$"""{"tool_call_id":"{{id}}","output":"ok"}"""));

        var submit = _http.PostAsync($"threads/{threadId}/runs/{runId}/submit_tool_outputs",
            new StringContent($$"""{"tool_outputs":[{{outputs}}]}""", Encoding.UTF8, "application/json"));
        var cancel = _http.PostAsync($"threads/{threadId}/runs/{runId}/cancel", new StringContent("", Encoding.UTF8, "application/json"));
        using var submitted = await submit;
        using var cancelled = await cancel;

        // Both may succeed (the submission first, then a cancel of the queued run), but never neither.
        Assert.True(submitted.IsSuccessStatusCode || cancelled.IsSuccessStatusCode);
        var run = await GetAsync($"threads/{threadId}/runs/{runId}");
        var status = run.GetProperty("status").GetString();
        if (cancelled.IsSuccessStatusCode)
        {
            Assert.Equal("cancelled", status);
        }

        var step = (await GetAsync($"threads/{threadId}/runs/{runId}/steps")).GetProperty("data")[0];
        Assert.Equal(submitted.IsSuccessStatusCode ? "completed" : "cancelled", step.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("PUT", "assistants")]
    [InlineData("DELETE", "chat/completions")]
    [InlineData("PATCH", "responses")]
    public async Task A_known_path_with_a_method_it_does_not_take_is_404_invalid_url_like_an_unknown_path(string method, string path)
    {
        var error = await ErrorAsync(new HttpMethod(method), path, json: null, HttpStatusCode.NotFound);

        Assert.Equal($"Invalid URL ({method} /v1/{path})", error.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("chat/completions", """{"model":"m","messages":[{"role":"user","content":"hi"}],"max_completion_tokens":1}""")]
    [InlineData("responses", """{"model":"m","input":"hi","max_output_tokens":1}""")]
    public async Task A_reply_cut_at_the_token_limit_never_ends_in_half_a_surrogate_pair(string path, string json)
    {
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = new ScriptedModel(ModelTurn.Reply("abc😀def")) });
        using var http = Emulated.Http(emulator);

        using var response = await http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"abc\"", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"sometimes\"", "tool_choice")]
    [InlineData("{\"type\":\"browser\"}", "tool_choice.type")]
    [InlineData("{\"type\":\"function\"}", "tool_choice.function")]
    public async Task An_assistants_tool_choice_the_service_does_not_know_is_400(string toolChoice, string param)
    {
        var assistant = await PostAsync("assistants", """{"model":"gpt-4o"}""");

        var error = await ErrorAsync(HttpMethod.Post, "threads/runs",
            $$"""{"assistant_id":"{{assistant.GetProperty("id").GetString()}}","tool_choice":{{toolChoice}}}""", HttpStatusCode.BadRequest);

        Assert.Equal(param, error.GetProperty("param").GetString());
    }
}
