// The code of docs/getting-started.md: each #region is a code block of the page, kept identical by
// GettingStartedPageTests, and compiled and run here, against the emulator's default rule-based model (it calls the
// tool with the quoted city and answers by quoting the tool's output).
using System.ClientModel;
using OpenAI;
using OpenAI.Assistants;
using OpenAI.Chat;
using OpenAI.Responses;
using ToolGen.Emulator;

namespace ToolGen.OpenAI.Tests.GettingStarted;

public sealed class RunnerExamples
{
    // What the emulator's rule-based model answers once the tool has run.
    private const string RuleBasedReply = "The tool get_weather says: \"Oslo: 7 °C, cloudy\"";

    [Fact]
    public async Task The_generated_tool_set_describes_and_dispatches_the_tool()
    {
        #region dispatch
        ToolSet tools = WeatherTools.AssistantTools;
        ToolDefinition definition = tools.Definitions[0];
        Console.WriteLine(definition.Name);                   // get_weather
        Console.WriteLine(definition.ParametersSchemaJson);   // {"type":"object","properties":{"city":{…

        ToolResult result = await tools.InvokeAsync(new ToolCall("call_1", "get_weather", """{"city":"Oslo"}"""));
        Console.WriteLine(result.Output);                     // Oslo: 7 °C, cloudy

        ToolResult mistake = await tools.InvokeAsync(new ToolCall("call_2", "get_weather", """{"town":"Oslo"}"""));
        Console.WriteLine(mistake.IsError);                   // True
        Console.WriteLine(mistake.Output);                    // {"error":{"kind":"unknown_argument",…
        #endregion

        Assert.Equal("get_weather", definition.Name);
        Assert.Equal(
            """{"type":"object","properties":{"city":{"type":"string","description":"The city's name, e.g. \"Oslo\"."}},"required":["city"],"additionalProperties":false}""",
            definition.ParametersSchemaJson);
        Assert.Equal(("Oslo: 7 °C, cloudy", false), (result.Output, result.IsError));
        Assert.Equal(ToolErrorKind.UnknownArgument, mistake.ErrorKind);
        Assert.StartsWith("""{"error":{"kind":"unknown_argument",""", mistake.Output);
    }

    [Fact]
    public async Task Chat_completions_answer_from_the_tool()
    {
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions());
        var (endpoint, apiKey) = (emulator.Endpoint, "test");

        #region chat
        var chat = new ChatClient("gpt-4o-mini", new ApiKeyCredential(apiKey), new OpenAIClientOptions { Endpoint = endpoint });
        var outcome = await new ChatRunner(chat, WeatherTools.AssistantTools).AskAsync("""What is the weather in "Oslo"?""");
        Console.WriteLine(outcome.Reply);
        #endregion

        Assert.Equal(RuleBasedReply, outcome.Reply);
    }

    [Fact]
    public async Task Responses_answer_from_the_tool()
    {
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions());
        var (endpoint, apiKey) = (emulator.Endpoint, "test");

        #region responses
        var responses = new ResponsesClient(new ApiKeyCredential(apiKey), new ResponsesClientOptions { Endpoint = endpoint });
        var outcome = await new ResponsesRunner(responses, WeatherTools.AssistantTools).AskAsync("gpt-4o-mini", """What is the weather in "Oslo"?""");
        Console.WriteLine(outcome.Reply);
        #endregion

        Assert.Equal(RuleBasedReply, outcome.Reply);
    }

    [Fact]
    public async Task An_assistant_run_answers_from_the_tool()
    {
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions());
        var (endpoint, apiKey) = (emulator.Endpoint, "test");

        #region assistants
        var assistants = new AssistantClient(new ApiKeyCredential(apiKey), new AssistantClientOptions { Endpoint = endpoint });
        var creation = new AssistantCreationOptions { Instructions = "Answer with the tools." };
        foreach (var tool in WeatherTools.AssistantTools.ToFunctionToolDefinitions()) creation.Tools.Add(tool);
        Assistant assistant = await assistants.CreateAssistantAsync("gpt-4o-mini", creation);

        var streaming = new ToolRunnerOptions { Streaming = true };   // server-sent events instead of polling
        var outcome = await new AssistantRunner(assistants, WeatherTools.AssistantTools, streaming)
            .AskAsync(assistant.Id, """What is the weather in "Oslo"?""");
        Console.WriteLine(outcome.Reply);
        #endregion

        Assert.Equal(RuleBasedReply, outcome.Reply);
    }
}
