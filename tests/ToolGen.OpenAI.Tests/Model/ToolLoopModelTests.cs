using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using OpenAI;
using OpenAI.Assistants;
using OpenAI.Chat;
using OpenAI.Responses;
using ToolGen.Emulator;
using ToolGen.OpenAI.Tests.Suite;
using EmulatorTurn = ToolGen.Emulator.ModelTurn;

namespace ToolGen.OpenAI.Tests.Model;

/// <summary>
/// A model-based test of the one loop: random scripts (model turns, parallel calls, failing and slow tools, 429/5xx
/// faults, lost responses, stale and duplicated observations of a <c>requires_action</c>, cut streams) drive each API
/// against the emulator, and after each script the loop's invariants must hold. Set <c>TOOLGEN_MODEL_SEED</c> to
/// replay a failing seed and <c>TOOLGEN_MODEL_SCRIPTS</c> to run more scripts.
/// </summary>
public sealed class ToolLoopModelTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(Api.Assistants, 200)]
    [InlineData(Api.Responses, 150)]
    [InlineData(Api.Chat, 150)]
    public async Task Random_scripts_keep_the_loops_invariants(Api api, int scripts)
    {
        var seed = Environment.GetEnvironmentVariable("TOOLGEN_MODEL_SEED") is { Length: > 0 } fixedSeed
            ? int.Parse(fixedSeed, CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        if (Environment.GetEnvironmentVariable("TOOLGEN_MODEL_SCRIPTS") is { Length: > 0 } count)
        {
            scripts = int.Parse(count, CultureInfo.InvariantCulture);
        }

        var random = new Random(seed);
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-06-01T12:00:00Z", CultureInfo.InvariantCulture));
        var model = new RoutingModel();
        var faults = new FaultPlan().Fail(_ => random.NextDouble() < 0.08, Fault(random), times: int.MaxValue);
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = model, TimeProvider = clock, Faults = faults });
        var chaos = new ChaosPolicy(random, clock, rate: 0.08);
        var clients = Clients(emulator, chaos);
        string? assistantId = null;
        if (api == Api.Assistants)
        {
            var creation = new AssistantCreationOptions();
            foreach (var tool in new ModelTools(clock, withSlowTool: true).AssistantTools.ToFunctionToolDefinitions())
            {
                creation.Tools.Add(tool);
            }

            assistantId = (await new AssistantClient(new ApiKeyCredential("test"), new AssistantClientOptions { Endpoint = emulator.Endpoint })
                .CreateAssistantAsync("gpt-4o", creation)).Value.Id;
        }

        var duplicatesSeen = 0;
        for (var script = 0; script < scripts; script++)
        {
            var turns = Script(random, api);
            model.Add(script, turns);
            var tools = new CountingToolSet(new ModelTools(clock, api == Api.Assistants).Tools);
            var options = new ToolRunnerOptions
            {
                Streaming = random.Next(2) == 0,
                InitialPollInterval = TimeSpan.Zero,
                MaxToolRounds = random.Next(1, 5),
                MaxConsecutiveFailedRounds = random.Next(1, 4),
                TimeProvider = clock,
                OnEvent = e =>
                {
                    duplicatesSeen += e is ToolRunStatusChanged { RawRepresentation: ThreadRun run } && run.RequiredActions.Count != run.RequiredActions.Select(a => a.ToolCallId).Distinct().Count() ? 1 : 0;
                    return ValueTask.CompletedTask;
                },
            };
            var question = "script " + script.ToString(CultureInfo.InvariantCulture);
            Task<ToolRunOutcome> run = api switch
            {
                Api.Assistants => new AssistantRunner(clients.Assistants, tools, options).AskAsync(assistantId!, question),
                Api.Responses => new ResponsesRunner(clients.Responses, tools, options).AskAsync("gpt-4o-mini", question),
                _ => new ChatRunner(clients.Chat, tools, options).AskAsync(question),
            };

            string ending;
            try
            {
                var outcome = await run.WaitAsync(Deadline);
                ending = outcome.Status.ToString();
            }
            catch (TimeoutException)
            {
                throw new Xunit.Sdk.XunitException($"Seed {seed}, script {script}: the loop did not end within {Deadline.TotalSeconds} s.");
            }
            catch (Exception exception) when (exception is ClientResultException or InvalidOperationException or IOException
                || (exception is AggregateException all && all.InnerExceptions.All(e => e is IOException or ClientResultException)))
            {
                // A fault that outlasted the SDK's retries (which it reports as an AggregateException of every try), or a
                // stream cut short: an ending, not a broken invariant.
                ending = exception.GetType().Name;
            }
            catch (Exception exception)
            {
                throw new Xunit.Sdk.XunitException($"Seed {seed}, script {script}: the loop threw {exception}");
            }

            var ran = tools.Ran;
            if (ran.Distinct(StringComparer.Ordinal).Count() != ran.Count)
            {
                throw new Xunit.Sdk.XunitException($"Seed {seed}, script {script} ({ending}): a call ran twice: {string.Join(", ", ran)}");
            }

            if (chaos.Violations.Count > 0)
            {
                throw new Xunit.Sdk.XunitException($"Seed {seed}, script {script} ({ending}): {string.Join("; ", chaos.Violations)}");
            }
        }

        // The scripts did misbehave: a run of this test that met no fault proves nothing.
        Assert.True(chaos.Mischief > scripts / 10, $"Seed {seed}: only {chaos.Mischief} injected misbehaviours in {scripts} scripts.");
        Assert.True(faults.Injected.Count > 0, $"Seed {seed}: no HTTP fault was injected.");
        if (api == Api.Assistants)
        {
            Assert.True(duplicatesSeen > 0, $"Seed {seed}: no requires_action listed a call id twice.");
        }
    }

    private static EmulatedFault Fault(Random random) => random.Next(3) switch
    {
        0 => EmulatedFault.RateLimited(),
        1 => EmulatedFault.ServerError(),
        _ => EmulatedFault.Overloaded(),
    };

    private static List<EmulatorTurn> Script(Random random, Api api)
    {
        var turns = new List<EmulatorTurn>();
        for (var round = random.Next(0, 4); round > 0; round--)
        {
            var calls = new List<EmulatedToolCall>();
            for (var i = random.Next(1, 4); i > 0; i--)
            {
                calls.Add(random.Next(4) switch
                {
                    0 => new EmulatedToolCall("get_wether", "{}"),
                    1 when api == Api.Assistants => new EmulatedToolCall("wait_minutes", "{\"minutes\":" + random.Next(0, 12).ToString(CultureInfo.InvariantCulture) + "}"),
                    _ => new EmulatedToolCall("get_weather", "{\"city\":\"Paris\"}"),
                });
            }

            turns.Add(EmulatorTurn.CallTools([.. calls]));
        }

        turns.Add(random.Next(6) switch
        {
            0 => EmulatorTurn.Fail("server_error", "Something went wrong."),
            1 => EmulatorTurn.Incomplete(api == Api.Chat ? "length" : "max_output_tokens"),
            _ => EmulatorTurn.Reply("Done."),
        });
        return turns;
    }

    private static (AssistantClient Assistants, ResponsesClient Responses, ChatClient Chat) Clients(OpenAIEmulator emulator, PipelinePolicy chaos)
    {
        T Configure<T>(T options)
            where T : ClientPipelineOptions
        {
            // The SDK retries 429 and 5xx itself (the emulator asks for no wait); the chaos sits inside that loop.
            options.AddPolicy(chaos, PipelinePosition.PerTry);
            return options;
        }

        var key = new ApiKeyCredential("test");
        return (
            new AssistantClient(key, Configure(new AssistantClientOptions { Endpoint = emulator.Endpoint })),
            new ResponsesClient(key, Configure(new ResponsesClientOptions { Endpoint = emulator.Endpoint })),
            new ChatClient("gpt-4o-mini", key, Configure(new OpenAIClientOptions { Endpoint = emulator.Endpoint })));
    }

    /// <summary>Plays each script's turns to the requests of that script, told apart by the user's message.</summary>
    private sealed class RoutingModel : IEmulatedModel
    {
        private readonly Dictionary<string, Queue<EmulatorTurn>> _scripts = new(StringComparer.Ordinal);

        public void Add(int script, List<EmulatorTurn> turns)
        {
            lock (_scripts)
            {
                _scripts["script " + script.ToString(CultureInfo.InvariantCulture)] = new Queue<EmulatorTurn>(turns);
            }
        }

        public ValueTask<EmulatorTurn> NextTurnAsync(ModelRequest request, CancellationToken cancellationToken)
        {
            var key = request.Conversation.OfType<UserMessageItem>().First().Text;
            lock (_scripts)
            {
                return ValueTask.FromResult(_scripts[key].TryDequeue(out var turn)
                    ? turn
                    : EmulatorTurn.Fail("server_error", "The script has no turn left."));
            }
        }
    }
}

/// <summary>The tools of the model-based test: a quick one, and one that moves the shared fake clock, as a tool that
/// takes minutes would.</summary>
internal sealed partial class ModelTools(FakeTimeProvider clock, bool withSlowTool)
{
    public ToolSet Tools => withSlowTool ? AssistantTools : LoopTools.AssistantTools;

    /// <summary>Waits some minutes.</summary>
    /// <param name="minutes">How long.</param>
    /// <returns>What happened.</returns>
    [AssistantTool]
    public string WaitMinutes(int minutes)
    {
        clock.Advance(TimeSpan.FromMinutes(minutes));
        return "waited";
    }

    /// <summary>Tells the weather in a city.</summary>
    /// <param name="city">The city's name.</param>
    /// <returns>The weather.</returns>
    [AssistantTool]
    public static string GetWeather(string city) => $"Sunny in {city}";
}
