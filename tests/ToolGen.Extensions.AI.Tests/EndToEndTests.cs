using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;
using ToolGen.Emulator;
using ChatMessage = Microsoft.Extensions.AI.ChatMessage;
using ChatRole = Microsoft.Extensions.AI.ChatRole;

namespace ToolGen.Extensions.AI.Tests;

/// <summary>The OpenAI SDK's ChatClient, as an IChatClient with function invocation, against the emulator's Chat
/// Completions.</summary>
public sealed class EndToEndTests
{
    private readonly WeatherTools _weather = new();
    private readonly RecordingHandler _http = new();

    private IChatClient ChatClientFor(OpenAIEmulator emulator) =>
        new ChatClient("gpt-4o", new ApiKeyCredential("test"), new OpenAIClientOptions
        {
            Endpoint = emulator.Endpoint,
            Transport = new HttpClientPipelineTransport(new HttpClient(_http)),
        })
        .AsIChatClient()
        .AsBuilder()
        .UseFunctionInvocation()
        .Build();

    [Fact]
    public async Task The_tool_runs_once_the_model_sees_its_output_and_the_final_text_comes_back()
    {
        var model = new ScriptedModel(
            ModelTurn.CallTools(new EmulatedToolCall("get_weather", """{"city":"Paris"}""")),
            ModelTurn.Reply("Sunny."));
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = model });
        using var client = ChatClientFor(emulator);

        var response = await client.GetResponseAsync(
            [new ChatMessage(ChatRole.User, "Weather in Paris?")],
            new ChatOptions { Tools = [.. _weather.AssistantTools.AsAIFunctions()] });

        Assert.Equal("Sunny.", response.Text);
        Assert.Equal(1, _weather.Calls);
        Assert.Equal("Paris", _weather.LastCity);
        Assert.Equal(2, model.Requests.Count);
        var answered = Assert.IsType<ToolCallItem>(model.Requests[1].Conversation.Last());
        Assert.Equal("get_weather", answered.Name);
        Assert.Equal("Sunny in Paris", answered.Output);
    }

    [Fact]
    public async Task The_tool_call_carries_the_models_call_id_and_arguments()
    {
        var model = new ScriptedModel(
            ModelTurn.CallTools(new EmulatedToolCall("get_weather", """{"city":"Paris"}""")),
            ModelTurn.Reply("Sunny."));
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = model });
        using var client = ChatClientFor(emulator);
        var recording = new RecordingToolSet(_weather.AssistantTools);

        await client.GetResponseAsync(
            [new ChatMessage(ChatRole.User, "Weather in Paris?")],
            new ChatOptions { Tools = [.. recording.AsAIFunctions()] });

        var call = Assert.Single(recording.Calls);
        var answered = Assert.IsType<ToolCallItem>(model.Requests[1].Conversation.Last());
        Assert.Equal(answered.CallId, call.Id);
        Assert.Equal("get_weather", call.Name);
        Assert.Equal("""{"city":"Paris"}""", call.Arguments);
    }

    [Fact]
    public async Task Streaming_runs_the_tool_and_streams_the_final_text()
    {
        var model = new ScriptedModel(
            ModelTurn.CallTools(new EmulatedToolCall("get_weather", """{"city":"Paris"}""")),
            ModelTurn.Reply("Sunny."));
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = model });
        using var client = ChatClientFor(emulator);

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(
            [new ChatMessage(ChatRole.User, "Weather in Paris?")],
            new ChatOptions { Tools = [.. _weather.AssistantTools.AsAIFunctions()] }))
        {
            updates.Add(update);
        }

        Assert.Equal("Sunny.", updates.ToChatResponse().Text);
        Assert.Equal(1, _weather.Calls);
        Assert.Equal("Sunny in Paris", Assert.IsType<ToolCallItem>(model.Requests[1].Conversation.Last()).Output);
    }

    [Fact]
    public async Task Parallel_calls_of_one_turn_each_get_their_own_call_id_and_output()
    {
        var model = new ScriptedModel(
            ModelTurn.CallTools(
                new EmulatedToolCall("get_weather", """{"city":"Paris"}"""),
                new EmulatedToolCall("get_weather", """{"city":"Rome"}""")),
            ModelTurn.Reply("Both sunny."));
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = model });
        var recording = new RecordingToolSet(_weather.AssistantTools);
        using var client = new ChatClient("gpt-4o", new ApiKeyCredential("test"), new OpenAIClientOptions { Endpoint = emulator.Endpoint })
            .AsIChatClient()
            .AsBuilder()
            .UseFunctionInvocation(configure: invoking => invoking.AllowConcurrentInvocation = true)
            .Build();

        var response = await client.GetResponseAsync(
            [new ChatMessage(ChatRole.User, "Paris and Rome?")],
            new ChatOptions { Tools = [.. recording.AsAIFunctions()] });

        Assert.Equal("Both sunny.", response.Text);
        var answered = model.Requests[1].Conversation.OfType<ToolCallItem>().ToArray();
        Assert.Equal(["Sunny in Paris", "Sunny in Rome"], answered.Select(item => item.Output));
        var calls = recording.Calls.ToDictionary(call => call.Id);
        Assert.Equal(2, calls.Count);
        Assert.Equal("""{"city":"Paris"}""", calls[answered[0].CallId].Arguments);
        Assert.Equal("""{"city":"Rome"}""", calls[answered[1].CallId].Arguments);
    }

    [Fact]
    public async Task The_model_is_offered_every_tool_with_its_description_and_schema()
    {
        var model = new ScriptedModel(ModelTurn.Reply("Hi."));
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = model });
        using var client = ChatClientFor(emulator);

        await client.GetResponseAsync(
            [new ChatMessage(ChatRole.User, "Hi")],
            new ChatOptions { Tools = [.. _weather.AssistantTools.AsAIFunctions()] });

        var offered = Assert.Single(model.Requests).Tools;
        Assert.Equal(_weather.AssistantTools.Definitions.Select(d => d.Name), offered.Select(t => t.Name));
        Assert.Equal(_weather.AssistantTools.Definitions.Select(d => d.Description), offered.Select(t => t.Description));
    }

    [Fact]
    public async Task A_json_output_and_an_error_reach_the_model_as_the_exact_text_toolgen_produced()
    {
        const string forecast = """{"city":"Zürich","days":2}""";
        const string wrong = """{"city":"Paris","days":300}""";
        var model = new ScriptedModel(
            ModelTurn.CallTools(new EmulatedToolCall("get_forecast", forecast), new EmulatedToolCall("get_forecast", wrong)),
            ModelTurn.Reply("Done."));
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = model });
        using var client = ChatClientFor(emulator);
        var reference = new WeatherTools().AssistantTools;
        var expectedForecast = await reference.InvokeAsync(new ToolCall("a", "get_forecast", forecast));
        var expectedError = await reference.InvokeAsync(new ToolCall("b", "get_forecast", wrong));

        var response = await client.GetResponseAsync(
            [new ChatMessage(ChatRole.User, "Forecast?")],
            new ChatOptions { Tools = [.. _weather.AssistantTools.AsAIFunctions()] });

        Assert.Equal("Done.", response.Text);
        Assert.True(expectedError.IsError);
        var outputs = model.Requests[1].Conversation.OfType<ToolCallItem>().Select(item => item.Output).ToArray();
        Assert.Equal([expectedForecast.Output, expectedError.Output], outputs);
        Assert.Equal(1, _weather.Calls);
    }

    private async Task<Dictionary<string, JsonElement>> SentFunctionsAsync()
    {
        var model = new ScriptedModel(ModelTurn.Reply("Hi."));
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = model });
        using var client = ChatClientFor(emulator);

        await client.GetResponseAsync(
            [new ChatMessage(ChatRole.User, "Hi")],
            new ChatOptions { Tools = [.. _weather.AssistantTools.AsAIFunctions()] });

        using var body = JsonDocument.Parse(Assert.Single(_http.Bodies));
        return body.RootElement.GetProperty("tools").EnumerateArray()
            .Select(tool => tool.GetProperty("function").Clone())
            .ToDictionary(function => function.GetProperty("name").GetString()!);
    }

    [Fact]
    public async Task Every_tool_goes_on_the_wire_with_its_strictness()
    {
        var sent = await SentFunctionsAsync();

        Assert.Equal(_weather.AssistantTools.Definitions.Count, sent.Count);
        foreach (var definition in _weather.AssistantTools.Definitions)
        {
            Assert.Equal(definition.Strict, sent[definition.Name].GetProperty("strict").GetBoolean());
        }
    }

    [Fact]
    public async Task A_non_strict_tools_schema_goes_on_the_wire_unchanged()
    {
        var sent = await SentFunctionsAsync();

        var definition = _weather.AssistantTools.Definitions.Single(d => d.Name == "get_temperature");
        Assert.False(definition.Strict);
        Assert.Contains("\"maximum\":255", definition.ParametersSchemaJson);
        AssertSameJson(definition.ParametersSchemaJson, sent["get_temperature"].GetProperty("parameters"));
    }

    [Fact]
    public async Task A_strict_tools_range_and_format_keywords_are_moved_into_the_description_by_the_openai_adapter()
    {
        // Microsoft.Extensions.AI.OpenAI rewrites the schema of every function it sends with "strict": true: keywords
        // outside its allow list (minimum, maximum, format...) move into the description. ToolGen's binder
        // still enforces them; docs/extensions-ai.md says so. This pins the behaviour so an SDK update that changes it
        // is noticed.
        var sent = await SentFunctionsAsync();

        var days = sent["get_forecast"].GetProperty("parameters").GetProperty("properties").GetProperty("days");
        Assert.False(days.TryGetProperty("maximum", out _));
        Assert.Equal("How many days, 1 to 7.\nminimum: 0\nmaximum: 255", days.GetProperty("description").GetString());
        var id = sent["get_station"].GetProperty("parameters").GetProperty("properties").GetProperty("id");
        Assert.False(id.TryGetProperty("format", out _));
        Assert.Equal("The station's id.\nformat: uuid", id.GetProperty("description").GetString());
        AssertSameJson(
            _weather.AssistantTools.Definitions.Single(d => d.Name == "get_weather").ParametersSchemaJson,
            sent["get_weather"].GetProperty("parameters"));
    }

    private static void AssertSameJson(string expected, JsonElement actual)
    {
        using var document = JsonDocument.Parse(expected);
        Assert.True(JsonElement.DeepEquals(document.RootElement, actual), $"Sent {actual.GetRawText()}, not {expected}");
    }

    private sealed class RecordingHandler() : DelegatingHandler(new HttpClientHandler())
    {
        public List<string> Bodies { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Content is not null)
            {
                var text = await request.Content.ReadAsStringAsync(cancellationToken);
                lock (Bodies)
                {
                    Bodies.Add(text);
                }
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}
