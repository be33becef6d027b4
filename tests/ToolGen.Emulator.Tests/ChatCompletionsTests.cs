using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Text;
using System.Text.Json;
using OpenAI;
using OpenAI.Chat;

namespace ToolGen.Emulator.Tests;

public sealed class ChatCompletionsTests
{
    private const string CitySchema = """{"type":"object","properties":{"city":{"type":"string"}},"required":["city"],"additionalProperties":false}""";

    private static ChatClient Client(OpenAIEmulator emulator) =>
        new("gpt-4o-mini", new ApiKeyCredential("test"), new OpenAIClientOptions { Endpoint = emulator.Endpoint });

    private static ChatTool Weather() =>
        ChatTool.CreateFunctionTool("get_weather", "Weather of a city.", BinaryData.FromString(CitySchema), functionSchemaIsStrict: true);

    [Fact]
    public async Task A_tool_call_answered_by_a_tool_message_leads_to_the_reply()
    {
        var model = new ScriptedModel(
            ModelTurn.CallTools(new EmulatedToolCall("get_weather", """{"city":"Oslo"}""")),
            ModelTurn.Reply("It is cold in Oslo."));
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = model });
        var client = Client(emulator);
        List<ChatMessage> messages = [new SystemChatMessage("Be brief."), new UserChatMessage("Weather in Oslo?")];
        var options = new ChatCompletionOptions { Tools = { Weather() } };

        ChatCompletion first = await client.CompleteChatAsync(messages, options);

        Assert.Equal(ChatFinishReason.ToolCalls, first.FinishReason);
        var call = Assert.Single(first.ToolCalls);
        Assert.StartsWith("call_", call.Id, StringComparison.Ordinal);
        Assert.Equal("get_weather", call.FunctionName);
        Assert.Equal("""{"city":"Oslo"}""", call.FunctionArguments.ToString());
        Assert.StartsWith("chatcmpl-", first.Id, StringComparison.Ordinal);
        Assert.Equal("gpt-4o-mini", first.Model);

        messages.Add(new AssistantChatMessage(first));
        messages.Add(new ToolChatMessage(call.Id, "-3 °C and snow"));
        ChatCompletion second = await client.CompleteChatAsync(messages, options);

        Assert.Equal(ChatFinishReason.Stop, second.FinishReason);
        Assert.Equal("It is cold in Oslo.", Assert.Single(second.Content).Text);
        Assert.Empty(second.ToolCalls);
        Assert.True(second.Usage.InputTokenCount > 0);

        var seen = model.Requests[1];
        Assert.Equal("Be brief.", seen.Instructions);
        Assert.Equal(["get_weather"], seen.Tools.Select(t => t.Name));
        Assert.Equal(
            [new UserMessageItem("Weather in Oslo?"), new ToolCallItem(call.Id, "get_weather", """{"city":"Oslo"}""", "-3 °C and snow")],
            seen.Conversation);
    }

    [Fact]
    public async Task Parallel_tool_calls_come_in_one_message_and_are_answered_together()
    {
        var model = new ScriptedModel(
            ModelTurn.CallTools(new EmulatedToolCall("get_weather", """{"city":"Oslo"}"""), new EmulatedToolCall("get_weather", """{"city":"Lima"}""")),
            ModelTurn.Reply("Cold in Oslo, mild in Lima."));
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = model });
        var client = Client(emulator);
        List<ChatMessage> messages = [new UserChatMessage("Weather in Oslo and Lima?")];
        var options = new ChatCompletionOptions { Tools = { Weather() } };

        ChatCompletion first = await client.CompleteChatAsync(messages, options);
        Assert.Equal(["""{"city":"Oslo"}""", """{"city":"Lima"}"""], first.ToolCalls.Select(c => c.FunctionArguments.ToString()));
        Assert.Equal(2, first.ToolCalls.Select(c => c.Id).Distinct().Count());

        messages.Add(new AssistantChatMessage(first));
        messages.AddRange(first.ToolCalls.Reverse().Select(c => new ToolChatMessage(c.Id, "weather of " + c.FunctionArguments)));
        ChatCompletion second = await client.CompleteChatAsync(messages, options);

        Assert.Equal("Cold in Oslo, mild in Lima.", second.Content[0].Text);
        Assert.Equal(2, model.Requests[1].Conversation.OfType<ToolCallItem>().Count());
    }

    [Fact]
    public async Task Without_parallel_tool_calls_only_the_first_call_is_sent()
    {
        var model = new ScriptedModel(
            ModelTurn.CallTools(new EmulatedToolCall("get_weather", """{"city":"Oslo"}"""), new EmulatedToolCall("get_weather", """{"city":"Lima"}""")));
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = model });

        ChatCompletion completion = await Client(emulator).CompleteChatAsync(
            [new UserChatMessage("Weather?")], new ChatCompletionOptions { Tools = { Weather() }, AllowParallelToolCalls = false });

        Assert.Equal("""{"city":"Oslo"}""", Assert.Single(completion.ToolCalls).FunctionArguments.ToString());
    }

    [Fact]
    public async Task Tool_choice_none_hides_the_tools_and_a_named_choice_shows_only_that_function()
    {
        var model = new ScriptedModel(ModelTurn.Reply("a"), ModelTurn.Reply("b"));
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = model });
        var client = Client(emulator);
        var other = ChatTool.CreateFunctionTool("get_time", "Time.", BinaryData.FromString("""{"type":"object","properties":{}}"""));

        await client.CompleteChatAsync([new UserChatMessage("x")], new ChatCompletionOptions { Tools = { Weather(), other }, ToolChoice = ChatToolChoice.CreateNoneChoice() });
        await client.CompleteChatAsync([new UserChatMessage("x")], new ChatCompletionOptions { Tools = { Weather(), other }, ToolChoice = ChatToolChoice.CreateFunctionChoice("get_time") });

        Assert.Empty(model.Requests[0].Tools);
        Assert.Equal(["get_time"], model.Requests[1].Tools.Select(t => t.Name));
        Assert.Equal([false, true], model.Requests.Select(r => r.ToolCallRequired));
    }

    [Fact]
    public async Task Tool_choice_required_tells_the_model_a_call_is_required()
    {
        var model = new ScriptedModel(ModelTurn.Reply("a"), ModelTurn.Reply("b"));
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = model });
        var client = Client(emulator);

        await client.CompleteChatAsync([new UserChatMessage("x")], new ChatCompletionOptions { Tools = { Weather() }, ToolChoice = ChatToolChoice.CreateRequiredChoice() });
        await client.CompleteChatAsync([new UserChatMessage("x")], new ChatCompletionOptions { Tools = { Weather() } });

        Assert.Equal([true, false], model.Requests.Select(r => r.ToolCallRequired));
        Assert.All(model.Requests, r => Assert.Equal(["get_weather"], r.Tools.Select(t => t.Name)));
    }

    [Fact]
    public async Task The_rule_based_model_fills_the_url_then_quotes_the_tool_output()
    {
        await using var emulator = await OpenAIEmulator.StartAsync();
        var client = Client(emulator);
        var fetch = ChatTool.CreateFunctionTool("fetch_url", "Fetches a page.",
            BinaryData.FromString("""{"type":"object","properties":{"url":{"type":"string"}},"required":["url"],"additionalProperties":false}"""), true);
        List<ChatMessage> messages = [new UserChatMessage("What does https://example.com/a say?")];
        var options = new ChatCompletionOptions { Tools = { fetch } };

        ChatCompletion first = await client.CompleteChatAsync(messages, options);
        Assert.Equal("""{"url":"https://example.com/a"}""", Assert.Single(first.ToolCalls).FunctionArguments.ToString());

        messages.Add(new AssistantChatMessage(first));
        messages.Add(new ToolChatMessage(first.ToolCalls[0].Id, "Title: A\n\nThe quick brown fox jumps over the lazy dog."));
        ChatCompletion second = await client.CompleteChatAsync(messages, options);

        Assert.Contains("The quick brown fox jumps over the lazy dog.", second.Content[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_streamed_completion_sends_the_text_then_the_finish_reason_and_usage()
    {
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = new ScriptedModel(ModelTurn.Reply("Hello there, friend.")) });
        var text = new StringBuilder();
        ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;
        await foreach (var update in Client(emulator).CompleteChatStreamingAsync([new UserChatMessage("Hi")], new ChatCompletionOptions()))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            finish ??= update.FinishReason;
            usage ??= update.Usage;
        }

        Assert.Equal("Hello there, friend.", text.ToString());
        Assert.Equal(ChatFinishReason.Stop, finish);
        Assert.NotNull(usage);
    }

    [Fact]
    public async Task A_raw_stream_is_data_lines_of_chunks_ending_with_done()
    {
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = new ScriptedModel(ModelTurn.Reply("Hi you.")) });
        using var http = Emulated.Http(emulator);

        using var response = await http.PostAsync("chat/completions", Json("""{"model":"m","messages":[{"role":"user","content":"hi"}],"stream":true}"""));
        var blocks = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.All(blocks, b => Assert.StartsWith("data: ", b, StringComparison.Ordinal));
        Assert.Equal("data: [DONE]", blocks[^1]);
        var chunks = blocks[..^1].Select(b => JsonDocument.Parse(b["data: ".Length..]).RootElement).ToList();
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
        Assert.Single(chunks.Select(c => c.GetProperty("id").GetString()).Distinct());
        Assert.Equal("Hi you.", string.Concat(chunks.Select(c => c.GetProperty("choices")[0].GetProperty("delta"))
            .Where(d => d.TryGetProperty("content", out _)).Select(d => d.GetProperty("content").GetString())));
        Assert.Equal("stop", chunks[^1].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.False(chunks[^1].TryGetProperty("usage", out _));
    }

    [Fact]
    public async Task Streamed_tool_calls_arrive_with_ids_names_and_arguments()
    {
        var model = new ScriptedModel(
            ModelTurn.CallTools(new EmulatedToolCall("get_weather", """{"city":"Oslo"}"""), new EmulatedToolCall("get_weather", """{"city":"Lima"}""")));
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = model });
        var calls = new SortedDictionary<int, (string? Id, string? Name, StringBuilder Arguments)>();
        ChatFinishReason? finish = null;
        await foreach (var update in Client(emulator).CompleteChatStreamingAsync([new UserChatMessage("Weather?")], new ChatCompletionOptions { Tools = { Weather() } }))
        {
            foreach (var call in update.ToolCallUpdates)
            {
                if (!calls.TryGetValue(call.Index, out var entry))
                {
                    entry = (null, null, new StringBuilder());
                }

                calls[call.Index] = (entry.Id ?? call.ToolCallId, entry.Name ?? call.FunctionName, entry.Arguments.Append(call.FunctionArgumentsUpdate?.ToString()));
            }

            finish ??= update.FinishReason;
        }

        Assert.Equal(ChatFinishReason.ToolCalls, finish);
        Assert.Equal(["""{"city":"Oslo"}""", """{"city":"Lima"}"""], calls.Values.Select(c => c.Arguments.ToString()));
        Assert.All(calls.Values, c => Assert.StartsWith("call_", c.Id, StringComparison.Ordinal));
        Assert.All(calls.Values, c => Assert.Equal("get_weather", c.Name));
    }

    [Fact]
    public async Task A_failing_model_turn_is_an_http_500_server_error()
    {
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions
        {
            Model = new ScriptedModel(ModelTurn.Fail("server_error", "The model broke.")),
        });
        using var http = Emulated.Http(emulator);

        using var response = await http.PostAsync("chat/completions", Json("""{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}"""));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = body.RootElement.GetProperty("error");
        Assert.Equal("server_error", error.GetProperty("type").GetString());
        Assert.Equal("server_error", error.GetProperty("code").GetString());
        Assert.Equal("The model broke.", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task The_sdk_sees_a_failing_model_as_a_500_client_result_exception()
    {
        // By default the SDK retries a 500 three times, consulting the model again each time; retries are off here so
        // one failing turn suffices.
        var model = new ScriptedModel(ModelTurn.Fail("server_error", "The model broke."));
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = model });
        var client = new ChatClient("gpt-4o", new ApiKeyCredential("test"), new OpenAIClientOptions
        {
            Endpoint = emulator.Endpoint,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        });

        var error = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync([new UserChatMessage("hi")], new ChatCompletionOptions()));

        Assert.Equal(500, error.Status);
        Assert.Single(model.Requests);
    }

    public static TheoryData<string, string, string> InvalidConversations => new()
    {
        {
            """[{"role":"user","content":"hi"},{"role":"tool","tool_call_id":"call_x","content":"out"}]""",
            "messages.[1].role",
            "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'."
        },
        {
            """[{"role":"user","content":"hi"},{"role":"assistant","tool_calls":[{"id":"call_a","type":"function","function":{"name":"f","arguments":"{}"}},{"id":"call_b","type":"function","function":{"name":"f","arguments":"{}"}}]},{"role":"tool","tool_call_id":"call_a","content":"out"},{"role":"user","content":"and?"}]""",
            "messages.[1].role",
            "An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: call_b"
        },
        {
            """[{"role":"user","content":"hi"},{"role":"assistant","tool_calls":[{"id":"call_a","type":"function","function":{"name":"f","arguments":"{}"}}]}]""",
            "messages.[1].role",
            "An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: call_a"
        },
        {
            """[{"role":"user","content":"hi"},{"role":"assistant","tool_calls":[{"id":"call_a","type":"function","function":{"name":"f","arguments":"{}"}}]},{"role":"tool","tool_call_id":"call_z","content":"out"}]""",
            "messages.[2].tool_call_id",
            "Invalid parameter: 'tool_call_id' of 'call_z' not found in 'tool_calls' of previous message."
        },
        {
            """[{"role":"user","content":"hi"},{"role":"assistant","content":"Hello."},{"role":"tool","tool_call_id":"call_x","content":"out"}]""",
            "messages.[2].role",
            "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'."
        },
        {
            "[]",
            "messages",
            "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead."
        },
    };

    [Theory]
    [MemberData(nameof(InvalidConversations))]
    public async Task A_conversation_the_service_refuses_is_a_400_naming_the_message(string messages, string param, string message)
    {
        var model = new ScriptedModel();
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = model });
        using var http = Emulated.Http(emulator);

        var error = await ErrorAsync(http, $$$"""{"model":"gpt-4o","messages":{{{messages}}},"tools":[{"type":"function","function":{"name":"f"}}]}""");

        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Equal(message, error.GetProperty("message").GetString());
        Assert.Empty(model.Requests);
    }

    [Fact]
    public async Task The_sdk_reports_a_refused_conversation_as_a_400()
    {
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = new ScriptedModel() });

        var error = await Assert.ThrowsAsync<ClientResultException>(() => Client(emulator).CompleteChatAsync(
            [new UserChatMessage("hi"), new ToolChatMessage("call_nowhere", "out")], new ChatCompletionOptions { Tools = { Weather() } }));

        Assert.Equal(400, error.Status);
        Assert.Contains("must be a response to a preceeding message with 'tool_calls'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}]}""", null, "you must provide a model parameter")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"hi"}],"colour":1}""", "colour", "Unrecognized request argument supplied: colour")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"hi"}],"tool_choice":"required"}""", "tool_choice", "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"get weather"}}]}""", "tools[0].function.name", "Invalid 'tools[0].function.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"hi"}],"parallel_tool_calls":false}""", "parallel_tool_calls", "Invalid value for 'parallel_tool_calls': 'parallel_tool_calls' is only allowed when 'tools' are specified.")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f","strict":true,"parameters":{"type":"object","properties":{"a":{"type":"string"}}}}}]}""", "tools", "Invalid schema for function 'f': In context=(), 'additionalProperties' is required to be supplied and to be false.")]
    public async Task A_request_the_service_refuses_is_a_400(string json, string? param, string message)
    {
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = new ScriptedModel() });
        using var http = Emulated.Http(emulator);

        var error = await ErrorAsync(http, json);

        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Equal(message, error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Chat_completions_need_an_api_key_but_no_beta_header()
    {
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = new ScriptedModel(ModelTurn.Reply("ok")) });
        using var http = new HttpClient { BaseAddress = new Uri(emulator.Endpoint + "/") };
        const string Body = """{"model":"m","messages":[{"role":"user","content":"hi"}]}""";

        using var anonymous = await http.PostAsync("chat/completions", Json(Body));
        http.DefaultRequestHeaders.Authorization = new("Bearer", "k");
        using var withKey = await http.PostAsync("chat/completions", Json(Body));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withKey.StatusCode);
    }

    [Fact]
    public async Task A_tool_message_answering_a_call_of_an_earlier_turn_is_400_naming_its_tool_call_id()
    {
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = new ScriptedModel(ModelTurn.Reply("unused")) });
        using var http = Emulated.Http(emulator);
        static string Calls(string id) => $$$"""{"role":"assistant","content":null,"tool_calls":[{"id":"{{{id}}}","type":"function","function":{"name":"f","arguments":"{}"}}]}""";

        var error = await ErrorAsync(http, $$$"""
            {"model":"m","tools":[{"type":"function","function":{"name":"f"}}],"messages":[
              {"role":"user","content":"one"}, {{{Calls("call_A")}}}, {"role":"tool","tool_call_id":"call_A","content":"a"},
              {"role":"assistant","content":"done"}, {"role":"user","content":"two"}, {{{Calls("call_B")}}},
              {"role":"tool","tool_call_id":"call_A","content":"a again"}]}
            """);

        Assert.Equal("messages.[6].tool_call_id", error.GetProperty("param").GetString());
        Assert.Contains("call_A", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    internal static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>Posts a chat request that must be refused with 400 and OpenAI's error body; returns the error.</summary>
    private static async Task<JsonElement> ErrorAsync(HttpClient http, string json)
    {
        using var response = await http.PostAsync("chat/completions", Json(json));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        using var document = JsonDocument.Parse(text);
        var error = document.RootElement.GetProperty("error");
        Assert.Equal(["message", "type", "param", "code"], error.EnumerateObject().Select(p => p.Name));
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        return error.Clone();
    }

    [Fact]
    public async Task A_scripted_model_shared_by_two_emulators_plays_each_turn_once_across_both()
    {
        var model = new ScriptedModel(ModelTurn.Reply("first"), ModelTurn.Reply("second"));
        await using var one = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = model });
        List<ChatMessage> messages = [new UserChatMessage("Hi")];

        ChatCompletion a = await Client(one).CompleteChatAsync(messages);
        await one.DisposeAsync();
        await using var two = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = model });
        ChatCompletion b = await Client(two).CompleteChatAsync(messages);

        Assert.Equal("first", a.Content[0].Text);
        Assert.Equal("second", b.Content[0].Text);
        Assert.Equal(0, model.RemainingTurns);
    }
}
