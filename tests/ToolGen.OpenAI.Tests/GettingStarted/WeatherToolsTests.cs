// The code of docs/getting-started.md: each #region is a code block of the page, kept identical by
// GettingStartedPageTests, and compiled and run here. In the global namespace, as in a new project
// of your own, so the page's using directives mean what they mean there.
#region test
using System.ClientModel;
using OpenAI;
using OpenAI.Chat;
using ToolGen.Emulator;
using ToolGen.OpenAI;

public class WeatherToolsTests
{
    [Fact]
    public async Task The_model_gets_the_weather_of_the_city_it_asks_for()
    {
        var model = new ScriptedModel(
            ModelTurn.CallTools(new EmulatedToolCall("get_weather", """{"city":"Oslo"}""")),
            ModelTurn.Reply("It is 7 °C and cloudy in Oslo."));

        var reply = await AskAsync(model, "How warm is it in Oslo?");

        Assert.Equal("It is 7 °C and cloudy in Oslo.", reply);
        var answered = model.Requests[1].Conversation.OfType<ToolCallItem>().Single();   // what the model got back
        Assert.Equal("Oslo: 7 °C, cloudy", answered.Output);
    }

    [Fact]
    public async Task A_call_without_a_city_goes_back_to_the_model_as_an_error()
    {
        var model = new ScriptedModel(
            ModelTurn.CallTools(new EmulatedToolCall("get_weather", """{"town":"Oslo"}""")),
            ModelTurn.Reply("Sorry, which city?"));

        await AskAsync(model, "How warm is it in Oslo?");

        var answered = model.Requests[1].Conversation.OfType<ToolCallItem>().Single();
        Assert.StartsWith("""{"error":{"kind":"unknown_argument","tool":"get_weather","path":"town",""", answered.Output);
    }

    // The code under test (yours would live in your project): one question through ChatRunner, here sent to the
    // emulator instead of OpenAI.
    private static async Task<string?> AskAsync(ScriptedModel model, string question)
    {
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = model });
        var chat = new ChatClient("gpt-4o-mini", new ApiKeyCredential("test"),
            new OpenAIClientOptions { Endpoint = emulator.Endpoint });
        var outcome = await new ChatRunner(chat, WeatherTools.AssistantTools).AskAsync(question);
        return outcome.Reply;
    }
}
#endregion
