// One Chat Completions tool round through ChatRunner against the emulator from the ToolGen.Emulator package, whose
// default rule-based model calls get_forecast with the quoted city and then quotes the tool's output in its reply.
using System.ClientModel;
using OpenAI;
using OpenAI.Chat;
using ToolGen.Emulator;
using ToolGen.OpenAI;
using static Checks;

await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions());
var chat = new ChatClient("gpt-4o-mini", new ApiKeyCredential("test"), new OpenAIClientOptions { Endpoint = emulator.Endpoint });

var outcome = await new ChatRunner(chat, Weather.AssistantTools).AskAsync("""What is the forecast for "Oslo"?""");
var reply = outcome.Reply ?? "";
Check(reply.Contains("Oslo: sunny for 1 day(s)", StringComparison.Ordinal), "the reply quotes the tool's output", reply);

return Checks.Failures;
