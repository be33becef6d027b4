using System.ClientModel;
using OpenAI.Assistants;
using ToolGen.Emulator;

namespace ToolGen.OpenAI.Tests.Loop;

/// <summary>Rate limits and server errors on the way: the SDK's own retries carry the runner through them, and a tool
/// is never run twice because a request had to be repeated.</summary>
public sealed class TransientFaultTests
{
    [Fact]
    public async Task A_run_completes_through_injected_429_and_5xx_and_each_tool_runs_once()
    {
        var calls = 0;
        var tools = new WeatherTools { BeforeEachCall = () => Interlocked.Increment(ref calls) }.AssistantTools;
        var faults = new FaultPlan()
            .Fail(r => r.Method == "GET" && r.Path.Contains("/runs/", StringComparison.Ordinal), EmulatedFault.RateLimited(), times: 2)
            .Fail(r => r.Path.EndsWith("/submit_tool_outputs", StringComparison.Ordinal), EmulatedFault.ServerError())
            .Fail(r => r.Path.EndsWith("/messages", StringComparison.Ordinal), EmulatedFault.Overloaded());
        var model = new ScriptedModel(
            ModelTurn.CallTools(new EmulatedToolCall("get_weather", """{"city":"Oslo"}""")),
            ModelTurn.Reply("Sunny in Oslo."));
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = model, Faults = faults });
        var client = new AssistantClient(new ApiKeyCredential("test"), new AssistantClientOptions { Endpoint = emulator.Endpoint });
        var creation = new AssistantCreationOptions();
        foreach (var tool in tools.ToFunctionToolDefinitions())
        {
            creation.Tools.Add(tool);
        }

        Assistant assistant = await client.CreateAssistantAsync("gpt-4o", creation);
        var outcome = await new AssistantRunner(client, tools, new ToolRunnerOptions { InitialPollInterval = TimeSpan.Zero })
            .AskAsync(assistant.Id, "Weather in Oslo?");

        Assert.Equal(ToolRunStatus.Completed, outcome.Status);
        Assert.Equal("Sunny in Oslo.", outcome.Reply);
        Assert.Equal(1, calls);
        Assert.Equal([429, 429, 500, 503], faults.Injected.Select(f => f.Fault.StatusCode));
    }
}
