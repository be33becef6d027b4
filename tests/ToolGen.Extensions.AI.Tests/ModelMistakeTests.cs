using System.ClientModel;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;
using ToolGen.Emulator;
using ChatMessage = Microsoft.Extensions.AI.ChatMessage;
using ChatRole = Microsoft.Extensions.AI.ChatRole;

namespace ToolGen.Extensions.AI.Tests;

/// <summary>What the model sees when its call is wrong, through OpenAI's ChatClient and FunctionInvokingChatClient.</summary>
public sealed class ModelMistakeTests
{
    private readonly WeatherTools _weather = new();

    private async Task<string> OutputSeenByTheModelAsync(string name, string arguments)
    {
        var model = new ScriptedModel(ModelTurn.CallTools(new EmulatedToolCall(name, arguments)), ModelTurn.Reply("OK."));
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = model });
        using var client = new ChatClient("gpt-4o", new ApiKeyCredential("test"), new OpenAIClientOptions { Endpoint = emulator.Endpoint })
            .AsIChatClient()
            .AsBuilder()
            .UseFunctionInvocation()
            .Build();

        var response = await client.GetResponseAsync(
            [new ChatMessage(ChatRole.User, "Go")],
            new ChatOptions { Tools = [.. _weather.AssistantTools.AsAIFunctions()] });

        Assert.Equal("OK.", response.Text);
        return Assert.Single(model.Requests[1].Conversation.OfType<ToolCallItem>()).Output;
    }

    [Theory]
    [InlineData("""{"city":""")]
    [InlineData("[1]")]
    [InlineData("{city}")]
    public async Task Unreadable_arguments_are_reported_as_invalid_json_and_the_tool_does_not_run(string arguments)
    {
        var output = await OutputSeenByTheModelAsync("get_weather", arguments);

        Assert.Equal(
            """{"error":{"kind":"invalid_json","tool":"get_weather","message":"The arguments could not be read as a JSON object."}}""",
            output);
        Assert.Equal(0, _weather.Calls);
    }

    [Fact]
    public async Task Empty_arguments_mean_no_arguments_as_in_toolgens_runners()
    {
        var output = await OutputSeenByTheModelAsync("get_season", "");

        Assert.Equal("autumn", output);
        Assert.Equal(1, _weather.Calls);
    }

    [Fact]
    public async Task Empty_arguments_for_a_tool_with_a_required_parameter_report_it_missing()
    {
        var output = await OutputSeenByTheModelAsync("get_weather", "");

        Assert.Contains("\"kind\":\"missing_required\"", output);
        Assert.Equal(0, _weather.Calls);
    }

    [Fact]
    public async Task A_wrong_type_is_reported_with_its_path_as_toolgen_reports_it()
    {
        const string arguments = """{"city":42}""";
        var expected = await new WeatherTools().AssistantTools.InvokeAsync(new ToolCall("x", "get_weather", arguments));

        var output = await OutputSeenByTheModelAsync("get_weather", arguments);

        Assert.Equal(ToolErrorKind.WrongType, expected.ErrorKind);
        Assert.Equal(expected.Output, output);
        Assert.Equal(0, _weather.Calls);
    }

    [Fact]
    public async Task An_unknown_function_is_answered_by_function_invoking_chat_client_itself()
    {
        // FunctionInvokingChatClient only calls functions it was given, so ToolGen's unknown_tool error never comes
        // into play here; docs/extensions-ai.md says so.
        var output = await OutputSeenByTheModelAsync("get_snow", "{}");

        Assert.Equal("Error: Requested function \"get_snow\" not found.", output);
        Assert.Equal(0, _weather.Calls);
    }
}
