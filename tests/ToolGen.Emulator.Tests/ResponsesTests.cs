using System.ClientModel;
using System.Net;
using System.Text;
using System.Text.Json;
using OpenAI.Responses;

#pragma warning disable OPENAI001 // The SDK marks the Responses client as evaluation-only.

namespace ToolGen.Emulator.Tests;

public sealed class ResponsesTests
{
    private const string CitySchema = """{"type":"object","properties":{"city":{"type":"string"}},"required":["city"],"additionalProperties":false}""";

    private static ResponsesClient Client(OpenAIEmulator emulator) =>
        new(new ApiKeyCredential("test"), new ResponsesClientOptions { Endpoint = emulator.Endpoint });

    private static FunctionTool Weather() =>
        ResponseTool.CreateFunctionTool("get_weather", BinaryData.FromString(CitySchema), true, "Weather of a city.");

    private static CreateResponseOptions Options(params ResponseItem[] input)
    {
        var options = new CreateResponseOptions("gpt-4o-mini", input);
        options.Tools.Add(Weather());
        return options;
    }

    private static CreateResponseOptions Streamed(CreateResponseOptions options)
    {
        options.StreamingEnabled = true;
        return options;
    }

    [Fact]
    public async Task A_function_call_answered_through_previous_response_id_leads_to_the_reply()
    {
        var model = new ScriptedModel(
            ModelTurn.CallTools(new EmulatedToolCall("get_weather", """{"city":"Oslo"}""")),
            ModelTurn.Reply("It is cold in Oslo."));
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = model });
        var client = Client(emulator);
        var options = Options(ResponseItem.CreateUserMessageItem("Weather in Oslo?"));
        options.Instructions = "Be brief.";

        ResponseResult first = await client.CreateResponseAsync(options);

        Assert.Equal(ResponseStatus.Completed, first.Status);
        Assert.StartsWith("resp_", first.Id, StringComparison.Ordinal);
        var call = Assert.IsType<FunctionCallResponseItem>(Assert.Single(first.OutputItems));
        Assert.StartsWith("call_", call.CallId, StringComparison.Ordinal);
        Assert.StartsWith("fc_", call.Id, StringComparison.Ordinal);
        Assert.Equal("get_weather", call.FunctionName);
        Assert.Equal("""{"city":"Oslo"}""", call.FunctionArguments.ToString());

        var next = Options(ResponseItem.CreateFunctionCallOutputItem(call.CallId, "-3 °C and snow"));
        next.PreviousResponseId = first.Id;
        ResponseResult second = await client.CreateResponseAsync(next);

        Assert.Equal(ResponseStatus.Completed, second.Status);
        Assert.Equal("It is cold in Oslo.", second.GetOutputText());
        Assert.Equal(first.Id, second.PreviousResponseId);
        var message = Assert.IsAssignableFrom<MessageResponseItem>(Assert.Single(second.OutputItems));
        Assert.StartsWith("msg_", message.Id, StringComparison.Ordinal);
        Assert.True(second.Usage.InputTokenCount > 0);

        Assert.Equal("Be brief.", model.Requests[0].Instructions);
        Assert.Null(model.Requests[1].Instructions); // instructions are not carried over from the previous response
        Assert.Equal(
            [new UserMessageItem("Weather in Oslo?"), new ToolCallItem(call.CallId, "get_weather", """{"city":"Oslo"}""", "-3 °C and snow")],
            model.Requests[1].Conversation);
    }

    [Fact]
    public async Task Parallel_function_calls_are_answered_together_and_a_stored_response_can_be_read_back()
    {
        var model = new ScriptedModel(
            ModelTurn.CallTools(new EmulatedToolCall("get_weather", """{"city":"Oslo"}"""), new EmulatedToolCall("get_weather", """{"city":"Lima"}""")),
            ModelTurn.Reply("Cold in Oslo, mild in Lima."));
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = model });
        var client = Client(emulator);

        ResponseResult first = await client.CreateResponseAsync(Options(ResponseItem.CreateUserMessageItem("Weather in Oslo and Lima?")));
        var calls = first.OutputItems.Cast<FunctionCallResponseItem>().ToList();
        Assert.Equal(["""{"city":"Oslo"}""", """{"city":"Lima"}"""], calls.Select(c => c.FunctionArguments.ToString()));

        var next = Options(calls.Select(c => (ResponseItem)ResponseItem.CreateFunctionCallOutputItem(c.CallId, "weather of " + c.FunctionArguments)).ToArray());
        next.PreviousResponseId = first.Id;
        ResponseResult second = await client.CreateResponseAsync(next);
        ResponseResult readBack = await client.GetResponseAsync(second.Id);

        Assert.Equal("Cold in Oslo, mild in Lima.", second.GetOutputText());
        Assert.Equal(2, model.Requests[1].Conversation.OfType<ToolCallItem>().Count());
        Assert.Equal(second.Id, readBack.Id);
        Assert.Equal("Cold in Oslo, mild in Lima.", readBack.GetOutputText());
    }

    [Fact]
    public async Task Without_parallel_tool_calls_only_the_first_call_is_made()
    {
        var model = new ScriptedModel(
            ModelTurn.CallTools(new EmulatedToolCall("get_weather", """{"city":"Oslo"}"""), new EmulatedToolCall("get_weather", """{"city":"Lima"}""")));
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = model });
        var options = Options(ResponseItem.CreateUserMessageItem("Weather?"));
        options.ParallelToolCallsEnabled = false;

        ResponseResult result = await Client(emulator).CreateResponseAsync(options);

        Assert.Equal("""{"city":"Oslo"}""", Assert.IsType<FunctionCallResponseItem>(Assert.Single(result.OutputItems)).FunctionArguments.ToString());
    }

    [Fact]
    public async Task The_whole_conversation_can_be_sent_again_instead_of_previous_response_id()
    {
        var model = new ScriptedModel(
            ModelTurn.CallTools(new EmulatedToolCall("get_weather", """{"city":"Oslo"}""")),
            ModelTurn.Reply("Cold."));
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = model });
        var client = Client(emulator);
        var input = new List<ResponseItem> { ResponseItem.CreateUserMessageItem("Weather in Oslo?") };
        var first = Options([.. input]);
        first.StoredOutputEnabled = false;

        ResponseResult result = await client.CreateResponseAsync(first);
        input.AddRange(result.OutputItems);
        input.Add(ResponseItem.CreateFunctionCallOutputItem(((FunctionCallResponseItem)result.OutputItems[0]).CallId, "-3 °C"));
        ResponseResult second = await client.CreateResponseAsync(Options([.. input]));

        Assert.Equal("Cold.", second.GetOutputText());
        Assert.Equal("-3 °C", Assert.Single(model.Requests[1].Conversation.OfType<ToolCallItem>()).Output);
    }

    [Fact]
    public async Task A_failing_model_turn_gives_a_failed_response_with_its_error()
    {
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions
        {
            Model = new ScriptedModel(ModelTurn.Fail("rate_limit_exceeded", "Slow down.")),
        });

        ResponseResult result = await Client(emulator).CreateResponseAsync(Options(ResponseItem.CreateUserMessageItem("hi")));

        Assert.Equal(ResponseStatus.Failed, result.Status);
        Assert.Equal(ResponseErrorCode.RateLimitExceeded, result.Error.Code);
        Assert.Equal("Slow down.", result.Error.Message);
        Assert.Empty(result.OutputItems);
    }

    [Fact]
    public async Task An_incomplete_turn_gives_an_incomplete_response_with_its_reason()
    {
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions
        {
            Model = new ScriptedModel(ModelTurn.Incomplete("max_output_tokens")),
        });

        ResponseResult result = await Client(emulator).CreateResponseAsync(Options(ResponseItem.CreateUserMessageItem("hi")));

        Assert.Equal(ResponseStatus.Incomplete, result.Status);
        Assert.Equal(ResponseIncompleteStatusReason.MaxOutputTokens, result.IncompleteStatusDetails.Reason);
    }

    [Fact]
    public async Task A_streamed_response_sends_the_text_deltas_and_the_completed_response()
    {
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = new ScriptedModel(ModelTurn.Reply("Hello there, friend.")) });
        var text = new StringBuilder();
        ResponseResult? completed = null;
        var sequence = new List<int>();
        await foreach (var update in await Client(emulator).CreateResponseStreamingAsync(Streamed(Options(ResponseItem.CreateUserMessageItem("Hi")))))
        {
            sequence.Add(update.SequenceNumber);
            if (update is StreamingResponseOutputTextDeltaUpdate delta)
            {
                text.Append(delta.Delta);
            }
            else if (update is StreamingResponseCompletedUpdate done)
            {
                completed = done.Response;
            }
        }

        Assert.Equal("Hello there, friend.", text.ToString());
        Assert.NotNull(completed);
        Assert.Equal("Hello there, friend.", completed.GetOutputText());
        Assert.Equal(Enumerable.Range(0, sequence.Count), sequence);
    }

    [Fact]
    public async Task A_streamed_function_call_arrives_whole_in_its_done_item()
    {
        var model = new ScriptedModel(ModelTurn.CallTools(new EmulatedToolCall("get_weather", """{"city":"Oslo"}""")));
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = model });
        var done = new List<FunctionCallResponseItem>();
        await foreach (var update in await Client(emulator).CreateResponseStreamingAsync(Streamed(Options(ResponseItem.CreateUserMessageItem("Weather?")))))
        {
            if (update is StreamingResponseOutputItemDoneUpdate { Item: FunctionCallResponseItem call })
            {
                done.Add(call);
            }
        }

        var only = Assert.Single(done);
        Assert.Equal("""{"city":"Oslo"}""", only.FunctionArguments.ToString());
        Assert.StartsWith("call_", only.CallId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_streamed_function_call_with_emoji_in_its_arguments_is_split_between_characters_not_inside_one()
    {
        const string Arguments = """{"q":"x😀😀😀 sushi 🍣"}""";
        var model = new ScriptedModel(ModelTurn.CallTools(new EmulatedToolCall("search", Arguments)));
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = model });
        var deltas = new System.Text.StringBuilder();
        string? done = null;
        await foreach (var update in await Client(emulator).CreateResponseStreamingAsync(Streamed(Options(ResponseItem.CreateUserMessageItem("Find sushi")))))
        {
            if (update is StreamingResponseFunctionCallArgumentsDeltaUpdate delta)
            {
                deltas.Append(delta.Delta.ToString());
            }
            else if (update is StreamingResponseOutputItemDoneUpdate { Item: FunctionCallResponseItem call })
            {
                done = call.FunctionArguments.ToString();
            }
        }

        Assert.Equal(Arguments, done);
        Assert.Equal(Arguments, deltas.ToString());
    }

    [Fact]
    public async Task A_streamed_failure_ends_with_response_failed_and_no_done_marker()
    {
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions
        {
            Model = new ScriptedModel(ModelTurn.Fail("server_error", "The model broke.")),
        });
        using var http = Emulated.Http(emulator);

        using var response = await http.PostAsync("responses", new StringContent("""{"model":"m","input":"hi","stream":true}""", Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var names = text.Split('\n').Where(l => l.StartsWith("event: ", StringComparison.Ordinal)).Select(l => l["event: ".Length..]).ToList();
        Assert.Equal(["response.created", "response.in_progress", "response.failed"], names);
        Assert.DoesNotContain("[DONE]", text, StringComparison.Ordinal);
        var failed = JsonDocument.Parse(text.Split('\n').Last(l => l.StartsWith("data: ", StringComparison.Ordinal))["data: ".Length..]);
        Assert.Equal("The model broke.", failed.RootElement.GetProperty("response").GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(2, failed.RootElement.GetProperty("sequence_number").GetInt32());
    }

    [Fact]
    public async Task The_rule_based_model_fills_the_url_then_quotes_the_tool_output()
    {
        await using var emulator = await OpenAIEmulator.StartAsync();
        var client = Client(emulator);
        var fetch = ResponseTool.CreateFunctionTool("fetch_url",
            BinaryData.FromString("""{"type":"object","properties":{"url":{"type":"string"}},"required":["url"],"additionalProperties":false}"""), true, "Fetches a page.");
        var options = new CreateResponseOptions("gpt-4o-mini", [ResponseItem.CreateUserMessageItem("What does https://example.com/a say?")]);
        options.Tools.Add(fetch);

        ResponseResult first = await client.CreateResponseAsync(options);
        var call = Assert.IsType<FunctionCallResponseItem>(Assert.Single(first.OutputItems));
        Assert.Equal("""{"url":"https://example.com/a"}""", call.FunctionArguments.ToString());

        var next = new CreateResponseOptions("gpt-4o-mini", [ResponseItem.CreateFunctionCallOutputItem(call.CallId, "Title: A\n\nThe quick brown fox jumps over the lazy dog.")])
        {
            PreviousResponseId = first.Id,
        };
        next.Tools.Add(fetch);
        ResponseResult second = await client.CreateResponseAsync(next);

        Assert.Contains("The quick brown fox jumps over the lazy dog.", second.GetOutputText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_named_tool_choice_shows_the_model_only_that_function_and_none_shows_none()
    {
        var model = new ScriptedModel(ModelTurn.Reply("a"), ModelTurn.Reply("b"));
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = model });
        var client = Client(emulator);
        var named = Options(ResponseItem.CreateUserMessageItem("x"));
        named.Tools.Add(ResponseTool.CreateFunctionTool("get_time", BinaryData.FromString("""{"type":"object","properties":{},"required":[],"additionalProperties":false}"""), true));
        named.ToolChoice = ResponseToolChoice.CreateFunctionChoice("get_time");
        var none = Options(ResponseItem.CreateUserMessageItem("x"));
        none.ToolChoice = ResponseToolChoice.CreateNoneChoice();

        ResponseResult result = await client.CreateResponseAsync(named);
        await client.CreateResponseAsync(none);

        Assert.Equal(["get_time"], model.Requests[0].Tools.Select(t => t.Name));
        Assert.Empty(model.Requests[1].Tools);
        Assert.Equal([true, false], model.Requests.Select(r => r.ToolCallRequired));
        Assert.Equal("get_time", result.ToolChoice.FunctionName);
    }

    [Fact]
    public async Task Input_items_list_the_whole_conversation_newest_first()
    {
        var model = new ScriptedModel(ModelTurn.CallTools(new EmulatedToolCall("get_weather", """{"city":"Oslo"}""")), ModelTurn.Reply("Cold."));
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = model });
        var client = Client(emulator);
        ResponseResult first = await client.CreateResponseAsync(Options(ResponseItem.CreateUserMessageItem("Weather?")));
        var next = Options(ResponseItem.CreateFunctionCallOutputItem(((FunctionCallResponseItem)first.OutputItems[0]).CallId, "-3 °C"));
        next.PreviousResponseId = first.Id;
        ResponseResult second = await client.CreateResponseAsync(next);
        using var http = Emulated.Http(emulator);

        using var list = JsonDocument.Parse(await http.GetStringAsync($"responses/{second.Id}/input_items"));

        Assert.Equal(
            ["function_call_output", "function_call", "message"],
            list.RootElement.GetProperty("data").EnumerateArray().Select(item => item.GetProperty("type").GetString()));
        Assert.False(list.RootElement.GetProperty("has_more").GetBoolean());
    }

    [Fact]
    public async Task A_response_created_with_store_false_cannot_be_read_or_continued()
    {
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = new ScriptedModel(ModelTurn.Reply("a")) });
        var client = Client(emulator);
        var options = Options(ResponseItem.CreateUserMessageItem("x"));
        options.StoredOutputEnabled = false;
        ResponseResult result = await client.CreateResponseAsync(options);
        using var http = Emulated.Http(emulator);

        var notFound = await Assert.ThrowsAsync<ClientResultException>(() => client.GetResponseAsync(result.Id));
        var error = await ErrorAsync(http, $$"""{"model":"m","previous_response_id":"{{result.Id}}","input":"more"}""");

        Assert.Equal(404, notFound.Status);
        Assert.Equal("previous_response_not_found", error.GetProperty("code").GetString());
        Assert.Equal("previous_response_id", error.GetProperty("param").GetString());
        Assert.Equal($"Previous response with id '{result.Id}' not found.", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_function_call_output_matching_no_call_is_a_400()
    {
        var model = new ScriptedModel(ModelTurn.CallTools(new EmulatedToolCall("get_weather", """{"city":"Oslo"}""")));
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = model });
        var client = Client(emulator);
        ResponseResult first = await client.CreateResponseAsync(Options(ResponseItem.CreateUserMessageItem("Weather?")));
        using var http = Emulated.Http(emulator);

        var error = await ErrorAsync(http,
            $$"""{"model":"m","previous_response_id":"{{first.Id}}","input":[{"type":"function_call_output","call_id":"call_nowhere","output":"x"}]}""");
        var sdkError = await Assert.ThrowsAsync<ClientResultException>(() => client.CreateResponseAsync(
            new CreateResponseOptions("m", [ResponseItem.CreateFunctionCallOutputItem("call_nowhere", "x")])));

        Assert.Equal("No tool call found for function call output with call_id call_nowhere.", error.GetProperty("message").GetString());
        Assert.Equal("input", error.GetProperty("param").GetString());
        Assert.Equal(400, sdkError.Status);
        Assert.Single(model.Requests);
    }

    [Fact]
    public async Task A_function_call_left_unanswered_is_a_400()
    {
        var model = new ScriptedModel(ModelTurn.CallTools(new EmulatedToolCall("get_weather", """{"city":"Oslo"}""")));
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = model });
        ResponseResult first = await Client(emulator).CreateResponseAsync(Options(ResponseItem.CreateUserMessageItem("Weather?")));
        var callId = ((FunctionCallResponseItem)first.OutputItems[0]).CallId;
        using var http = Emulated.Http(emulator);

        var error = await ErrorAsync(http, $$"""{"model":"m","previous_response_id":"{{first.Id}}","input":"Never mind."}""");

        Assert.Equal($"No tool output found for function call {callId}.", error.GetProperty("message").GetString());
        Assert.Single(model.Requests);
    }

    [Theory]
    [InlineData("""{"input":"hi"}""", "model", "Missing required parameter: 'model'.")]
    [InlineData("""{"model":"m","input":"hi","colour":1}""", "colour", "Unrecognized request argument supplied: colour")]
    [InlineData("""{"model":"m","input":"hi","tools":[{"type":"function","name":"get weather","strict":false}]}""", "tools[0].name", "Invalid 'tools[0].name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.")]
    [InlineData("""{"model":"m","input":"hi","previous_response_id":"resp_nope"}""", "previous_response_id", "Previous response with id 'resp_nope' not found.")]
    [InlineData("""{"model":"m","input":"hi","tools":[{"type":"function","name":"f","parameters":{"type":"object","properties":{"a":{"type":"string"}}}}]}""", "tools", "Invalid schema for function 'f': In context=(), 'additionalProperties' is required to be supplied and to be false.")]
    [InlineData("""{"model":"m","input":"hi","tools":[{"type":"function","name":"f","strict":false}],"tool_choice":{"type":"function","name":"g"}}""", "tool_choice", "Tool choice 'g' not found in 'tools' parameter.")]
    public async Task A_request_the_service_refuses_is_a_400(string json, string param, string message)
    {
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = new ScriptedModel() });
        using var http = Emulated.Http(emulator);

        var error = await ErrorAsync(http, json);

        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Equal(message, error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Two_continuations_of_one_response_fork_the_conversation_without_seeing_each_other()
    {
        var model = new ScriptedModel(
            ModelTurn.CallTools(new EmulatedToolCall("f", "{}")),
            ModelTurn.Reply("one"),
            ModelTurn.Reply("two"),
            ModelTurn.Reply("after one"));
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = model });
        using var http = Emulated.Http(emulator);
        var tools = """[{"type":"function","name":"f","strict":false,"parameters":{"type":"object","properties":{}}}]""";
        var first = await PostAsync(http, $$"""{"model":"m","input":"go","tools":{{tools}}}""");
        var callId = first.GetProperty("output")[0].GetProperty("call_id").GetString();
        var firstId = first.GetProperty("id").GetString();

        var one = await PostAsync(http, $$"""{"model":"m","tools":{{tools}},"previous_response_id":"{{firstId}}","input":[{"type":"function_call_output","call_id":"{{callId}}","output":"x"}]}""");
        await PostAsync(http, $$"""{"model":"m","tools":{{tools}},"previous_response_id":"{{firstId}}","input":[{"type":"function_call_output","call_id":"{{callId}}","output":"y"}]}""");
        await PostAsync(http, $$"""{"model":"m","previous_response_id":"{{one.GetProperty("id").GetString()}}","input":"and then?"}""");

        string Outputs(ModelRequest request) =>
            string.Join(",", request.Conversation.Select(item => item switch
            {
                ToolCallItem call => "tool:" + call.Output,
                UserMessageItem user => "user:" + user.Text,
                AssistantMessageItem assistant => "assistant:" + assistant.Text,
                _ => "?",
            }));
        Assert.Equal("user:go,tool:x", Outputs(model.Requests[1]));
        Assert.Equal("user:go,tool:y", Outputs(model.Requests[2]));
        Assert.Equal("user:go,tool:x,assistant:one,user:and then?", Outputs(model.Requests[3]));
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, string json)
    {
        using var response = await http.PostAsync("responses", new StringContent(json, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>Posts a Responses request that must be refused with 400 and OpenAI's error body; returns the error.</summary>
    private static async Task<JsonElement> ErrorAsync(HttpClient http, string json)
    {
        using var response = await http.PostAsync("responses", new StringContent(json, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        using var document = JsonDocument.Parse(text);
        var error = document.RootElement.GetProperty("error");
        Assert.Equal(["message", "type", "param", "code"], error.EnumerateObject().Select(p => p.Name));
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        return error.Clone();
    }
}
